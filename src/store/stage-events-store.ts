import type { Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";

export interface StageEvent {
  readonly id: number;
  readonly lead_id: number;
  readonly from_stage: Stage | null;
  readonly to_stage: Stage;
  readonly at: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly batch_id: number | null;
}

export const stageEventInsertColumns = [
  "lead_id",
  "from_stage",
  "to_stage",
  "at",
  "actor",
  "reason",
  "batch_id",
] as const;

const insertEventSql = `INSERT INTO stage_events (${stageEventInsertColumns.join(", ")})
  VALUES (${stageEventInsertColumns.map(() => "?").join(", ")})`;

/**
 * Appends events laid out as `stageEventInsertColumns`, one statement each: single-row
 * INSERTs need no statement journal, and measured faster than multi-row ones here.
 */
export function insertStageEventRows(db: Db, values: readonly unknown[]): void {
  const statement = prepared(db, insertEventSql);
  const v = values;
  for (let at = 0; at < v.length; at += stageEventInsertColumns.length) {
    statement.run(v[at], v[at + 1], v[at + 2], v[at + 3], v[at + 4], v[at + 5], v[at + 6]);
  }
}

export function stageHistory(db: Db, leadId: number): StageEvent[] {
  return prepared(db, "SELECT * FROM stage_events WHERE lead_id = ? ORDER BY at, id").all(
    leadId,
  ) as StageEvent[];
}

export function deleteStageEventsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM stage_events WHERE batch_id = ?").run(batchId).changes;
}

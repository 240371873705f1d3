import type { Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";
import { insertInChunks } from "./sql-batches.js";

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

/** Appends events laid out as `stageEventInsertColumns`, many per statement. */
export function insertStageEventRows(db: Db, values: readonly unknown[]): void {
  insertInChunks(db, "stage_events", stageEventInsertColumns, values, 1000);
}

export function stageHistory(db: Db, leadId: number): StageEvent[] {
  return prepared(db, "SELECT * FROM stage_events WHERE lead_id = ? ORDER BY at, id").all(
    leadId,
  ) as StageEvent[];
}

export function deleteStageEventsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM stage_events WHERE batch_id = ?").run(batchId).changes;
}

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
  /** JSON: qualification answers and notes. */
  readonly details: string | null;
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

/** One event with details (qualification answers, a note), for decisions made by hand. */
export function insertStageEventWithDetails(
  db: Db,
  event: {
    leadId: number;
    from: Stage;
    to: Stage;
    at: string;
    actor: string;
    reason: string | null;
    details: unknown;
  },
): void {
  prepared(
    db,
    "INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(
    event.leadId,
    event.from,
    event.to,
    event.at,
    event.actor,
    event.reason,
    JSON.stringify(event.details),
  );
}

/**
 * Leads that arrived at `stage` in [from, to), per actor (lower-cased: a rep handle when a rep
 * moved them), and in all (`actor` null), counting each lead once.
 */
export function stageArrivalsByActor(
  db: Db,
  stage: Stage,
  from: string,
  to: string,
): { actor: string | null; leads: number }[] {
  return prepared(
    db,
    `SELECT lower(actor) AS actor, count(DISTINCT lead_id) AS leads FROM stage_events
     WHERE to_stage = @stage AND at >= @from AND at < @to GROUP BY lower(actor)
     UNION ALL
     SELECT NULL, count(DISTINCT lead_id) FROM stage_events
     WHERE to_stage = @stage AND at >= @from AND at < @to`,
  ).all({ stage, from, to }) as { actor: string | null; leads: number }[];
}

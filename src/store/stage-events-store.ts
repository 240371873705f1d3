// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import { type FunnelStage, funnelStages, type Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";
import { recordStageEvent } from "./lead-stages-store.js";
import { crossedIntoSql } from "./stage-sql.js";

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

// The funnel rank and crossing predicate live in a module without database imports, so
// that the migrations can use them too.
export { crossedIntoSql, funnelRankSql } from "./stage-sql.js";

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
 * INSERTs need no statement journal, and measured faster than multi-row ones here. Each
 * event also updates its lead's first-reached times (lead-stages-store), in the caller's
 * transaction.
 */
export function insertStageEventRows(db: Db, values: readonly unknown[]): void {
  appendEventRows(db, values, true);
}

/**
 * `insertStageEventRows` for the first event of leads just inserted with their stage
 * columns already set from it (`columnsOfNewLead`): the import skips one UPDATE per new lead.
 */
export function insertNewLeadEventRows(db: Db, values: readonly unknown[]): void {
  appendEventRows(db, values, false);
}

function appendEventRows(db: Db, values: readonly unknown[], record: boolean): void {
  const statement = prepared(db, insertEventSql);
  const v = values;
  for (let at = 0; at < v.length; at += stageEventInsertColumns.length) {
    statement.run(v[at], v[at + 1], v[at + 2], v[at + 3], v[at + 4], v[at + 5], v[at + 6]);
    if (record)
      recordStageEvent(
        db,
        v[at] as number,
        v[at + 1] as Stage | null,
        v[at + 2] as Stage,
        v[at + 3] as string,
      );
  }
}

/**
 * Moves a lead's creation event (the one without a from stage) with its created date; the
 * caller recomputes its stage columns.
 */
export function moveCreationEvent(db: Db, leadId: number, from: string, to: string): void {
  prepared(
    db,
    "UPDATE stage_events SET at = ? WHERE lead_id = ? AND from_stage IS NULL AND at = ?",
  ).run(to, leadId, from);
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
  recordStageEvent(db, event.leadId, event.from, event.to, event.at);
}

/**
 * Leads that reached funnel stage `stage` in [from, to) (see `crossedIntoSql`), per actor
 * (lower-cased: a rep handle when a rep moved them), and in all (`actor` null), counting each
 * lead once.
 */
export function stageArrivalsByActor(
  db: Db,
  stage: FunnelStage,
  from: string,
  to: string,
): { actor: string | null; leads: number }[] {
  const crossed = crossedIntoSql("e", "@rank");
  return prepared(
    db,
    `SELECT lower(e.actor) AS actor, count(DISTINCT e.lead_id) AS leads FROM stage_events e
     WHERE ${crossed} AND e.at >= @from AND e.at < @to GROUP BY lower(e.actor)
     UNION ALL
     SELECT NULL, count(DISTINCT e.lead_id) FROM stage_events e
     WHERE ${crossed} AND e.at >= @from AND e.at < @to`,
  ).all({ rank: funnelStages.indexOf(stage), from, to }) as {
    actor: string | null;
    leads: number;
  }[];
}

import { type FunnelStage, funnelStages, type Stage } from "../domain/stages.js";
import { sql } from "./engine.js";
import { columnsSetByEvent } from "./lead-stages-sql.js";
import { crossedIntoSql } from "./stage-sql.js";
import type { ReadTx, WriteTx } from "./store.js";

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

export function stageHistory(tx: ReadTx, leadId: number): Promise<StageEvent[]> {
  return sql(tx).all<StageEvent>("SELECT * FROM stage_events WHERE lead_id = ? ORDER BY at, id", [
    leadId,
  ]);
}

/** Appends a stage event and keeps its lead's first-reached columns current with it. */
export async function insertStageEvent(
  tx: WriteTx,
  event: {
    leadId: number;
    from: Stage | null;
    to: Stage;
    at: string;
    actor: string;
    reason: string | null;
    /** The import batch that made the move, if one did. */
    batchId?: number | null;
    /** Qualification answers and notes, stored as JSON; none for a plain move. */
    details?: unknown;
  },
): Promise<void> {
  await sql(tx).run(
    "INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason, batch_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [
      event.leadId,
      event.from,
      event.to,
      event.at,
      event.actor,
      event.reason,
      event.batchId ?? null,
      event.details === undefined ? null : JSON.stringify(event.details),
    ],
  );
  await recordStageEvent(tx, event.leadId, event.from, event.to, event.at);
}

/** Keeps a lead's columns current with one appended event (same transaction as the event). */
async function recordStageEvent(
  tx: WriteTx,
  leadId: number,
  from: Stage | null,
  to: Stage,
  at: string,
): Promise<void> {
  const key = `${from}>${to}`;
  let update = updateSqlByMove.get(key);
  if (update === undefined) {
    const columns = columnsSetByEvent(from, to);
    // The earlier of the stored time and this event's: events may be recorded out of time order.
    update =
      columns.length === 0
        ? ""
        : `UPDATE leads SET ${columns
            .map(
              (name) =>
                `${name} = CASE WHEN ${name} IS NULL OR ${name} > @at THEN @at ELSE ${name} END`,
            )
            .join(", ")} WHERE id = @id`;
    updateSqlByMove.set(key, update);
  }
  if (update !== "") await sql(tx).run(update, { id: leadId, at });
}

/** Per move (from > to), the UPDATE it makes ("" for none): built once, not per event. */
const updateSqlByMove = new Map<string, string>();

/** Per actor (lower-cased), the leads that crossed into `stage` in [from, to); then all (null). */
export function stageArrivalsByActor(
  tx: ReadTx,
  stage: FunnelStage,
  from: string,
  to: string,
): Promise<{ actor: string | null; leads: number }[]> {
  const crossed = crossedIntoSql("e", "@rank");
  return sql(tx).all(
    `SELECT lower(e.actor) AS actor, count(DISTINCT e.lead_id) AS leads FROM stage_events e
     WHERE ${crossed} AND e.at >= @from AND e.at < @to GROUP BY lower(e.actor)
     UNION ALL
     SELECT NULL, count(DISTINCT e.lead_id) FROM stage_events e
     WHERE ${crossed} AND e.at >= @from AND e.at < @to`,
    { rank: funnelStages.indexOf(stage), from, to },
  );
}

export async function deleteStageEventsOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  return (await sql(tx).run("DELETE FROM stage_events WHERE batch_id = ?", [batchId])).changes;
}

/** Moves a lead's creation event from `from` to `to` (its created date changed). */
export async function moveCreationEvent(
  tx: WriteTx,
  leadId: number,
  from: string,
  to: string,
): Promise<void> {
  await sql(tx).run(
    "UPDATE stage_events SET at = ? WHERE lead_id = ? AND from_stage IS NULL AND at = ?",
    [to, leadId, from],
  );
}

/**
 * Leads the batch did not create that have stage events of it: the ones whose columns its
 * revert must recompute (the leads it created go with it).
 */
export async function leadsWithEventsOfBatch(tx: ReadTx, batchId: number): Promise<number[]> {
  const rows = await sql(tx).all<{ lead_id: number }>(
    `SELECT DISTINCT e.lead_id FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE e.batch_id = @batch AND (l.batch_id IS NULL OR l.batch_id <> @batch)`,
    { batch: batchId },
  );
  return rows.map((row) => row.lead_id);
}

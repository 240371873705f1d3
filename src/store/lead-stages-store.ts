// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import type { Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";
import { columnsSetByEvent, derivedColumnsSql, leadStageColumns } from "./lead-stages-sql.js";

export {
  arrivedColumn,
  backfillLeadStagesSql,
  leadStageColumns,
  reachedColumn,
} from "./lead-stages-sql.js";

/** Sets the columns of the given leads afresh from their events (after events were removed). */
export function recomputeLeadStages(db: Db, leadIds: readonly number[]): void {
  const clear = prepared(
    db,
    `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = NULL`).join(", ")} WHERE id = ?`,
  );
  const derive = prepared(
    db,
    `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = derived.${name}`).join(", ")}
     FROM (${derivedColumnsSql("WHERE e.lead_id = @id")}) AS derived WHERE leads.id = @id`,
  );
  for (const id of leadIds) {
    clear.run(id);
    derive.run({ id });
  }
}

/**
 * Leads the batch did not create that have stage events of it: the ones whose columns its
 * revert must recompute (the leads it created go with it).
 */
export function leadsWithEventsOfBatch(db: Db, batchId: number): number[] {
  return prepared(
    db,
    `SELECT DISTINCT e.lead_id FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE e.batch_id = @batch AND l.batch_id IS NOT @batch`,
  )
    .pluck()
    .all({ batch: batchId }) as number[];
}

/**
 * Leads whose stored columns differ from the ones their events give (none, when every writer
 * kept them current): the consistency check of the projection.
 */
export function leadStageMismatches(db: Db): number[] {
  return prepared(
    db,
    `SELECT l.id FROM leads l LEFT JOIN (${derivedColumnsSql("")}) AS derived ON derived.lead_id = l.id
     WHERE ${leadStageColumns.map((name) => `l.${name} IS NOT derived.${name}`).join(" OR ")}
     ORDER BY l.id`,
  )
    .pluck()
    .all() as number[];
}

/**
 * The column values of a lead inserted with its first event (`stage` at `at`), in
 * `leadStageColumns` order: what `recordStageEvent` would set on a lead without events.
 */
export function columnsOfNewLead(stage: Stage, at: string): (string | null)[] {
  let mask = newLeadMasks.get(stage);
  if (mask === undefined) {
    const set = new Set(columnsSetByEvent(null, stage));
    mask = leadStageColumns.map((name) => set.has(name));
    newLeadMasks.set(stage, mask);
  }
  return mask.map((isSet) => (isSet ? at : null));
}

/** Per stage, which columns a lead's creation event at that stage sets (an import asks 1M times). */
const newLeadMasks = new Map<Stage, boolean[]>();

/** Keeps a lead's columns current with one appended event (same transaction as the event). */
export function recordStageEvent(
  db: Db,
  leadId: number,
  from: Stage | null,
  to: Stage,
  at: string,
): void {
  const key = `${from}>${to}`;
  let sql = updateSqlByMove.get(key);
  if (sql === undefined) {
    const columns = columnsSetByEvent(from, to);
    // The earlier of the stored time and this event's: events may be recorded out of time order.
    sql =
      columns.length === 0
        ? ""
        : `UPDATE leads SET ${columns
            .map(
              (name) =>
                `${name} = CASE WHEN ${name} IS NULL OR ${name} > @at THEN @at ELSE ${name} END`,
            )
            .join(", ")} WHERE id = @id`;
    updateSqlByMove.set(key, sql);
  }
  if (sql !== "") prepared(db, sql).run({ id: leadId, at });
}

/** Per move (from > to), the UPDATE it makes ("" for none): built once, not per event. */
const updateSqlByMove = new Map<string, string>();

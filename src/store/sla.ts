import { engine, sql } from "./engine.js";
import { crossedIntoSql } from "./stage-sql.js";
import type { ReadTx } from "./store.js";

/**
 * Leads that became MQLs (`crossedIntoSql` rank 1) in [from, to) up to `asOf` (inclusive), per
 * source as the lead has it now, each lead counted once. Scans the period's events:
 * stage_events has no index on its time alone. The scan is in lead order, so each lead is
 * made distinct there, cheaply, and looked up once. Testing the time first skips the stage
 * tests for the events of other periods.
 */
export function mqlArrivalsBySource(
  tx: ReadTx,
  range: { from: string; to: string; asOf: string },
): Promise<{ source: string | null; leads: number }[]> {
  return sql(tx).all(
    `SELECT l.source AS source, count(*) AS leads
     FROM (SELECT DISTINCT e.lead_id AS lead_id FROM stage_events e
           WHERE e.at >= @from AND e.at < @to AND e.at <= @asOf
             AND ${crossedIntoSql("e", "1")}) AS arrived
     JOIN leads l ON l.id = arrived.lead_id
     GROUP BY l.source`,
    range,
  );
}

export interface SlaHandoffRow {
  readonly id: number;
  readonly rep_id: number;
  readonly rep_handle: string;
  readonly at: string;
  readonly next_handoff_at: string | null;
  readonly first_touch_at: string | null;
  /** When the lead first moved away from mql at or after the handoff, and to which stage. */
  readonly decided_at: string | null;
  readonly decision: string | null;
  readonly stage_at_handoff: string | null;
}

/**
 * Visits the handoffs made in [from, to) up to `asOf`, with what happened to their lead by
 * `asOf`: the next handoff of the lead, its first touch, the first move away from mql, and the
 * stage it was at when handed off; in no particular order.
 */
export function forEachSlaHandoff(
  tx: ReadTx,
  range: { from: string; to: string; asOf: string },
  visit: (row: SlaHandoffRow) => void,
): Promise<void> {
  return engine(tx).forEachSlaHandoff(range, visit);
}

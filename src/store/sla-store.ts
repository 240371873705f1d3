import { type Db, prepared } from "./database.js";
import { getSetting, setSetting } from "./settings-store.js";
import { crossedIntoSql } from "./stage-events-store.js";

/** The SLA's settings, one JSON value under the settings key "sla" (domain/sla.ts reads it). */
export function getSlaSetting(db: Db): string | undefined {
  return getSetting(db, "sla");
}

export function setSlaSetting(db: Db, json: string): void {
  setSetting(db, "sla", json);
}

/**
 * Leads that became MQLs (`crossedIntoSql` rank 1) in [from, to) up to `asOf` (inclusive), per
 * source as the lead has it now, each lead counted once. Scans the period's events:
 * stage_events has no index on its time alone. The scan is in lead order, so each lead is
 * made distinct there, cheaply, and looked up once; counting distinct leads per source after
 * the join sorted every event into a second temporary tree. Testing the time first skips the
 * stage tests for the events of other periods.
 */
export function mqlArrivalsBySource(
  db: Db,
  range: { from: string; to: string; asOf: string },
): { source: string | null; leads: number }[] {
  return prepared(
    db,
    `SELECT l.source AS source, count(*) AS leads
     FROM (SELECT DISTINCT e.lead_id AS lead_id FROM stage_events e
           WHERE e.at >= @from AND e.at < @to AND e.at <= @asOf
             AND ${crossedIntoSql("e", "1")}) AS arrived
     JOIN leads l ON l.id = arrived.lead_id
     GROUP BY l.source`,
  ).all(range) as { source: string | null; leads: number }[];
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
 * Handoffs made in [from, to) up to `asOf`, with what happened to their lead by `asOf`: the next
 * handoff of the lead, its first touch, the first move away from mql, and the stage it was at
 * when handed off. Lead by lead (in no rep order): the handoffs come from handoffs_lead_rep in its
 * own order (CROSS JOIN keeps them outside), so each lookup (a range of handoffs_lead_rep,
 * touches_lead and stage_events_lead_order) lands next to the one before, where rep order made
 * each a random read (a sixth of the query). The last event by the handoff and the first
 * decision after it are each the first entry of stage_events_lead_order in (at, id) order one
 * way or the other: no sort, and one entry read.
 */
export function* slaHandoffs(
  db: Db,
  range: { from: string; to: string; asOf: string },
): Generator<SlaHandoffRow> {
  const rows = prepared(
    db,
    `SELECT h.id, h.rep_id, r.handle AS rep_handle, h.at,
       (SELECT min(n.at) FROM handoffs n
         WHERE n.lead_id = h.lead_id AND n.at >= h.at AND n.at <= @asOf
           AND (n.at > h.at OR n.id > h.id)) AS next_handoff_at,
       (SELECT min(t.at) FROM touches t
         WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS first_touch_at,
       (SELECT e.to_stage FROM stage_events e WHERE e.lead_id = h.lead_id AND e.at <= h.at
         ORDER BY e.at DESC, e.id DESC LIMIT 1) AS stage_at_handoff,
       (SELECT e.at || '|' || e.to_stage FROM stage_events e
         WHERE e.lead_id = h.lead_id AND e.at >= h.at AND e.at <= @asOf AND e.to_stage <> 'mql'
         ORDER BY e.at, e.id LIMIT 1) AS decision
     FROM handoffs h CROSS JOIN reps r
     WHERE r.id = h.rep_id AND h.at >= @from AND h.at < @to AND h.at <= @asOf
     ORDER BY h.lead_id`,
  )
    .raw(true)
    .iterate(range) as Iterable<SlaHandoffQueryRow>;
  // Rows as arrays, one object each built here: named rows cost a second object per handoff.
  for (const [
    id,
    repId,
    repHandle,
    at,
    nextHandoffAt,
    firstTouchAt,
    stageAtHandoff,
    decision,
  ] of rows) {
    // `at|stage`: one lookup for both (a stage name has no "|").
    const bar = decision === null ? -1 : decision.lastIndexOf("|");
    yield {
      id,
      rep_id: repId,
      rep_handle: repHandle,
      at,
      next_handoff_at: nextHandoffAt,
      first_touch_at: firstTouchAt,
      decided_at: decision === null ? null : decision.slice(0, bar),
      decision: decision === null ? null : decision.slice(bar + 1),
      stage_at_handoff: stageAtHandoff,
    };
  }
}

/** The query's columns in order; the decision is `at|stage` of the first move away from mql. */
type SlaHandoffQueryRow = readonly [
  id: number,
  repId: number,
  repHandle: string,
  at: string,
  nextHandoffAt: string | null,
  firstTouchAt: string | null,
  stageAtHandoff: string | null,
  decision: string | null,
];

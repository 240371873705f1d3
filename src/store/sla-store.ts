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
 * stage_events has no index on its time alone.
 */
export function mqlArrivalsBySource(
  db: Db,
  range: { from: string; to: string; asOf: string },
): { source: string | null; leads: number }[] {
  return prepared(
    db,
    `SELECT l.source AS source, count(DISTINCT e.lead_id) AS leads
     FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE ${crossedIntoSql("e", "1")} AND e.at >= @from AND e.at < @to AND e.at <= @asOf
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
  /** `at|to_stage` of the first stage change away from mql at or after the handoff. */
  readonly decision: string | null;
  readonly stage_at_handoff: string | null;
}

/**
 * Handoffs made in [from, to) up to `asOf`, with what happened to their lead by `asOf`: the next
 * handoff of the lead, its first touch, the first move away from mql, and the stage it was at
 * when handed off. Reps drive the loop (CROSS JOIN keeps them outside), so each rep's handoffs
 * are a range of handoffs_rep (rep_id, at); each lookup is a range of handoffs_lead,
 * touches_lead or stage_events_lead_cover (lead_id, at, ...).
 */
export function* slaHandoffs(
  db: Db,
  range: { from: string; to: string; asOf: string },
): Generator<SlaHandoffRow> {
  yield* prepared(
    db,
    `SELECT h.id, h.rep_id, r.handle AS rep_handle, h.at,
       (SELECT min(n.at) FROM handoffs n
         WHERE n.lead_id = h.lead_id AND n.at >= h.at AND n.at <= @asOf
           AND (n.at > h.at OR n.id > h.id)) AS next_handoff_at,
       (SELECT min(t.at) FROM touches t
         WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS first_touch_at,
       (SELECT e.at || '|' || e.to_stage FROM stage_events e
         WHERE e.lead_id = h.lead_id AND e.at >= h.at AND e.at <= @asOf AND e.to_stage <> 'mql'
         ORDER BY e.at, e.id LIMIT 1) AS decision,
       (SELECT e.to_stage FROM stage_events e
         WHERE e.lead_id = h.lead_id AND e.at <= h.at
         ORDER BY e.at DESC, e.id DESC LIMIT 1) AS stage_at_handoff
     FROM reps r CROSS JOIN handoffs h
     WHERE h.rep_id = r.id AND h.at >= @from AND h.at < @to AND h.at <= @asOf
     ORDER BY r.handle, h.at, h.id`,
  ).iterate(range) as Iterable<SlaHandoffRow>;
}

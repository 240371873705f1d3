import { type Db, prepared } from "./database.js";
import { crossedIntoSql, funnelRankSql } from "./stage-events-store.js";

/** The lead fields a funnel can be grouped by. */
export interface LeadGroupFields {
  readonly source: string | null;
  readonly campaign: string | null;
  readonly owner: string | null;
}

/** One lead of a cohort: how far it got by the as-of date, and when it arrived at each stage. */
export interface CohortLead extends LeadGroupFields {
  readonly created_at: string;
  /** Furthest funnel stage reached (0 lead … 5 customer). */
  readonly furthest: number;
  /** When it was a plain lead: null for a lead that came in at a later stage. */
  readonly lead_at: string | null;
  readonly mql_at: string | null;
  readonly sal_at: string | null;
  readonly sql_at: string | null;
  readonly opportunity_at: string | null;
  readonly customer_at: string | null;
}

/** The stage an event took its lead to, as a funnel rank; an off-ramp counts as the top. */
const rankCase = `coalesce(${funnelRankSql("e.to_stage")}, 0)`;

/**
 * Leads created in [from, to) (and by `asOf`), each with its furthest stage and first arrival
 * at each stage, from its stage events up to `asOf`: a cohort, as the database knew it then.
 */
export function cohortLeads(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): IterableIterator<CohortLead> {
  return prepared(
    db,
    `SELECT l.created_at, l.source, l.campaign, l.owner,
       coalesce(max(${rankCase}), 0) AS furthest,
       min(CASE WHEN e.to_stage = 'lead' THEN e.at END) AS lead_at,
       min(CASE WHEN e.to_stage = 'mql' THEN e.at END) AS mql_at,
       min(CASE WHEN e.to_stage = 'sal' THEN e.at END) AS sal_at,
       min(CASE WHEN e.to_stage = 'sql' THEN e.at END) AS sql_at,
       min(CASE WHEN e.to_stage = 'opportunity' THEN e.at END) AS opportunity_at,
       min(CASE WHEN e.to_stage = 'customer' THEN e.at END) AS customer_at
     FROM leads l LEFT JOIN stage_events e ON e.lead_id = l.id AND e.at <= @asOf
     WHERE l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
     GROUP BY l.id`,
  ).iterate({ from, to, asOf }) as IterableIterator<CohortLead>;
}

/** One stage change in a period, with the lead's group fields and when it reached the stage before. */
export interface StageMove extends LeadGroupFields {
  readonly id: number;
  readonly lead_id: number;
  readonly from_stage: string | null;
  readonly to_stage: string;
  readonly at: string;
  /** When the lead first arrived at the funnel stage before `to_stage`, if it ever did itself. */
  readonly previous_at: string | null;
}

/**
 * Changes into a funnel stage (not the off-ramps) that happened in [from, to), lead by lead,
 * each lead's in time order (at, then id). One pass over stage_events_lead_cover in its own
 * (lead) order: the lead and its earlier events are then next to the row being read, where
 * time order (a sort of every move of the period) made each lookup a random read. Only the
 * few moves of one lead are sorted, here. The stage before is looked up for moves that have one.
 */
export function* stageMoves(db: Db, from: string, to: string): Generator<StageMove> {
  const rows = prepared(
    db,
    `SELECT e.id, e.lead_id, e.from_stage, e.to_stage, e.at, l.source, l.campaign, l.owner,
       CASE WHEN e.to_stage IN ('mql', 'sal', 'sql', 'opportunity', 'customer') THEN
         (SELECT min(p.at) FROM stage_events p WHERE p.lead_id = e.lead_id AND p.to_stage =
           CASE e.to_stage WHEN 'mql' THEN 'lead' WHEN 'sal' THEN 'mql' WHEN 'sql' THEN 'sal'
             WHEN 'opportunity' THEN 'sql' WHEN 'customer' THEN 'opportunity' END)
       END AS previous_at
     FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE e.at >= @from AND e.at < @to
       AND e.to_stage IN ('lead', 'mql', 'sal', 'sql', 'opportunity', 'customer')
     ORDER BY e.lead_id`,
  ).iterate({ from, to }) as IterableIterator<StageMove>;
  let lead: StageMove[] = [];
  for (const move of rows) {
    if (lead.length > 0 && lead[0]?.lead_id !== move.lead_id) {
      yield* inTimeOrder(lead);
      lead = [];
    }
    lead.push(move);
  }
  yield* inTimeOrder(lead);
}

function inTimeOrder(moves: StageMove[]): StageMove[] {
  if (moves.length > 1) moves.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  return moves;
}

/** Per source, over the leads created in [from, to): how far they got by `asOf`. */
export function sourceStageCounts(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; leads: number; mqls: number; accepted: number; rejected: number }[] {
  return prepared(
    db,
    `SELECT source, count(*) AS leads,
       sum(CASE WHEN furthest >= 1 THEN 1 ELSE 0 END) AS mqls,
       sum(CASE WHEN furthest >= 2 THEN 1 ELSE 0 END) AS accepted,
       sum(rejected) AS rejected
     FROM (SELECT l.id, l.source, coalesce(max(${rankCase}), 0) AS furthest,
             max(CASE WHEN e.to_stage = 'recycled' AND e.from_stage = 'mql' THEN 1 ELSE 0 END) AS rejected
           FROM leads l LEFT JOIN stage_events e ON e.lead_id = l.id AND e.at <= @asOf
           WHERE l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
           GROUP BY l.id, l.source) AS cohort
     GROUP BY source`,
  ).all({ from, to, asOf }) as {
    source: string | null;
    leads: number;
    mqls: number;
    accepted: number;
    rejected: number;
  }[];
}

/** Why sales rejected (mql → recycled) leads of the cohort, per source and reason. */
export function rejectionReasons(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; reason: string | null; leads: number }[] {
  return prepared(
    db,
    `SELECT l.source, e.reason, count(DISTINCT e.lead_id) AS leads
     FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE e.to_stage = 'recycled' AND e.from_stage = 'mql' AND e.at <= @asOf
       AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
     GROUP BY l.source, e.reason`,
  ).all({ from, to, asOf }) as { source: string | null; reason: string | null; leads: number }[];
}

/** Handoffs of the cohort's leads by `asOf`, with the first touch after each (by `asOf`). */
export function cohortHandoffs(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; lead_id: number; at: string; first_touch_at: string | null }[] {
  return prepared(
    db,
    `SELECT l.source, h.lead_id, h.at,
       (SELECT min(t.at) FROM touches t WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf)
         AS first_touch_at
     FROM handoffs h JOIN leads l ON l.id = h.lead_id
     WHERE h.at <= @asOf AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf`,
  ).all({ from, to, asOf }) as {
    source: string | null;
    lead_id: number;
    at: string;
    first_touch_at: string | null;
  }[];
}

/** Deals won by `asOf` for the cohort's leads, per source: deals, revenue, and leads won. */
export function cohortWins(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; deals: number; revenue: number; leads: number }[] {
  return prepared(
    db,
    `SELECT l.source, count(*) AS deals, coalesce(sum(d.amount), 0) AS revenue,
       count(DISTINCT d.lead_id) AS leads
     FROM deals d JOIN leads l ON l.id = d.lead_id
     WHERE d.stage = 'won' AND d.closed_at <= @asOf
       AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
     GROUP BY l.source`,
  ).all({ from, to, asOf }) as {
    source: string | null;
    deals: number;
    revenue: number;
    leads: number;
  }[];
}

/**
 * Leads that became MQLs in [from, to), with their source: moves that crossed into mql or
 * beyond (an import straight at sql delivered an MQL too), from a new lead, a plain lead or an
 * off-ramp.
 */
export function mqlArrivals(
  db: Db,
  from: string,
  to: string,
): IterableIterator<{ source: string | null; at: string }> {
  return prepared(
    db,
    `SELECT l.source, e.at FROM stage_events e JOIN leads l ON l.id = e.lead_id
     WHERE ${crossedIntoSql("e", "1")} AND e.at >= @from AND e.at < @to`,
  ).iterate({ from, to }) as IterableIterator<{ source: string | null; at: string }>;
}

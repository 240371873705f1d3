/**
 * The lead reports' aggregates (funnel, sources, monthly). The ones tuned to an engine are
 * its EngineQueries (store/sqlite/queries.ts); the rest are written once here.
 */
import { rowsWithAmountSums } from "./amount-sums.js";
import { engine, sql } from "./engine.js";
import type { ReadTx } from "./store.js";

/** A lead field a cohort can be counted by in SQL. */
export type CohortField = "source" | "campaign" | "owner";

/** Per group of a cohort: its leads, and how many had reached each later stage by as-of. */
export interface CohortStageCounts {
  /** The value of the field counted by; null when none, or when the lead has none. */
  readonly value: string | null;
  readonly leads: number;
  readonly mql: number;
  readonly sal: number;
  readonly sql: number;
  readonly opportunity: number;
  readonly customer: number;
}

/**
 * The samples of one group of a cohort for the median days between stages: `gapsMs[s]` holds,
 * for every lead seen arriving at stage s-1 and then at stage s by as-of, the whole
 * milliseconds between the two arrivals (`gapsMs[0]` is always empty: nothing comes before lead).
 */
export interface CohortGaps {
  /** The value of the field asked for; null without one, or when the lead has none. */
  readonly value: string | null;
  readonly gapsMs: readonly (readonly number[])[];
}

/**
 * One change into a funnel stage:
 * - the lead, and where it went from and to as funnel ranks (`funnelRankSql`): from -1 for a
 *   new lead, 0 from an off-ramp (a lead starts again at the top);
 * - when (ISO; only when asked for, else the empty text), and the lead's value of the field
 *   asked for (null without one, or when the lead has none);
 * - the whole milliseconds since the lead first arrived at the funnel stage before `to`
 *   (its `<stage>_arrived_at`), null when it never arrived there itself or `to` is lead.
 */
export type StageMoveVisitor = (
  leadId: number,
  fromRank: number,
  toRank: number,
  at: string,
  value: string | null,
  msSincePrevious: number | null,
) => void;

/**
 * Leads created in [from, to) (and by `asOf`), per value of `field` (all in one row
 * without it), with how many had reached each stage by `asOf`.
 */
export function cohortStageCounts(
  tx: ReadTx,
  field: CohortField | undefined,
  from: string,
  to: string,
  asOf: string,
): Promise<CohortStageCounts[]> {
  return engine(tx).cohortStageCounts(field, from, to, asOf);
}

/**
 * Per value of `field` (one group without it), the gaps between consecutive arrivals of the
 * leads created in [from, to) (and by `asOf`) seen arriving at both stages by `asOf`.
 */
export function cohortGaps(
  tx: ReadTx,
  field: CohortField | undefined,
  from: string,
  to: string,
  asOf: string,
): Promise<CohortGaps[]> {
  return engine(tx).cohortGaps(field, from, to, asOf);
}

/**
 * Visits the changes into a funnel stage (not the off-ramps) that happened in [from, to), each
 * lead's in time order (at, then id); the leads' moves may interleave.
 */
export function forEachStageMove(
  tx: ReadTx,
  range: { field: CohortField | undefined; from: string; to: string; withTime: boolean },
  visit: StageMoveVisitor,
  movesPerBatch?: number,
): Promise<void> {
  return engine(tx).forEachStageMove(range, visit, movesPerBatch);
}

/** Per source, over the leads created in [from, to): how far they got by `asOf`. */
export function sourceStageCounts(
  tx: ReadTx,
  from: string,
  to: string,
  asOf: string,
): Promise<
  { source: string | null; leads: number; mqls: number; accepted: number; rejected: number }[]
> {
  return engine(tx).sourceStageCounts(from, to, asOf);
}

/**
 * Per source of the cohort's leads: how many were handed off by `asOf`, and for every handoff
 * touched after it (by `asOf`), the whole milliseconds to that first touch.
 */
export function cohortHandoffs(
  tx: ReadTx,
  from: string,
  to: string,
  asOf: string,
): Promise<{ source: string | null; handedOff: number; toFirstTouchMs: number[] }[]> {
  return engine(tx).cohortHandoffs(from, to, asOf);
}

/**
 * Visits the leads that became MQLs in [from, to), with their source: moves that crossed into
 * mql or beyond (an import straight at sql delivered an MQL too), from a new lead, a plain
 * lead or an off-ramp.
 */
export function forEachMqlArrival(
  tx: ReadTx,
  from: string,
  to: string,
  visit: (source: string | null, at: string) => void,
): Promise<void> {
  return engine(tx).forEachMqlArrival(from, to, visit);
}

/**
 * Why sales rejected (mql → recycled) leads of the cohort, per source and reason: the events
 * of only the leads rejected by `asOf` (rejected_at).
 */
export function rejectionReasons(
  tx: ReadTx,
  from: string,
  to: string,
  asOf: string,
): Promise<{ source: string | null; reason: string | null; leads: number }[]> {
  return sql(tx).all(
    `SELECT l.source, e.reason, count(DISTINCT e.lead_id) AS leads
     FROM leads l JOIN stage_events e ON e.lead_id = l.id
     WHERE l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
       AND l.rejected_at <= @asOf
       AND e.to_stage = 'recycled' AND e.from_stage = 'mql' AND e.at <= @asOf
     GROUP BY l.source, e.reason`,
    { from, to, asOf },
  );
}

/** Deals won by `asOf` for the cohort's leads, per source: deals, revenue, and leads won. */
export async function cohortWins(
  tx: ReadTx,
  from: string,
  to: string,
  asOf: string,
): Promise<{ source: string | null; deals: number; revenue: number; leads: number }[]> {
  return rowsWithAmountSums(
    await sql(tx).all<{ source: string | null; deals: number; revenue: number; leads: number }>(
      `SELECT l.source, count(*) AS deals, coalesce(sum(d.amount), 0) AS revenue,
         count(DISTINCT d.lead_id) AS leads
       FROM deals d JOIN leads l ON l.id = d.lead_id
       WHERE d.stage = 'won' AND d.closed_at <= @asOf
         AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
       GROUP BY l.source`,
      { from, to, asOf },
    ),
    ["revenue"],
  );
}

/** What the database holds for the leads reports: why one counted no lead. */
export interface LeadsOnFile {
  readonly leads: number;
  readonly deals: number;
  /** The first and last lead's created moment (ISO), null without leads. */
  readonly firstCreated: string | null;
  readonly lastCreated: string | null;
}

export async function leadsOnFile(tx: ReadTx): Promise<LeadsOnFile> {
  return (await sql(tx).get<LeadsOnFile>(
    `SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM deals) AS deals,
       (SELECT min(created_at) FROM leads) AS "firstCreated",
       (SELECT max(created_at) FROM leads) AS "lastCreated"`,
  )) as LeadsOnFile;
}

import { type FunnelStage, funnelStages } from "../domain/stages.js";
import { rowsWithAmountSums } from "./amount-sums.js";
import { type Db, prepared } from "./database.js";
import { arrivedColumn, reachedColumn } from "./lead-stages-sql.js";
import { crossedIntoSql, funnelRankSql } from "./stage-events-store.js";

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

/** Leads created in [from, to) and by `asOf`: the cohort, as the database knew it then. */
const cohortWhere = "created_at >= @from AND created_at < @to AND created_at <= @asOf";

/** 1 when `column` (a first-reached time) is on or before as-of, else 0. */
const reachedFlag = (column: string) => `CASE WHEN ${column} <= @asOf THEN 1 ELSE 0 END`;

/**
 * Ends a subquery whose rows a GROUP BY sorts: LIMIT keeps SQLite from flattening it, so the
 * sorter holds the group value and 0/1 flags instead of every timestamp column the outer
 * aggregates would read (measured about a tenth less CPU for the counts on 1M leads).
 */
const keepSmallRecords = "LIMIT -1";

/**
 * Leads created in [from, to) (and by `asOf`), per value of `field` (all in one row
 * without it), with how many had reached each stage by `asOf`: from the first-reached times
 * (lead-stages-store) and the `leads_cohort` index alone.
 */
export function cohortStageCounts(
  db: Db,
  field: CohortField | undefined,
  from: string,
  to: string,
  asOf: string,
): CohortStageCounts[] {
  const value = field === undefined ? "NULL" : field;
  const stages = ["mql", "sal", "sql", "opportunity", "customer"] as const;
  return prepared(
    db,
    `SELECT value, count(*) AS leads, ${stages.map((stage) => `sum(${stage}) AS ${stage}`).join(", ")}
     FROM (
       SELECT ${value} AS value,
         ${stages.map((stage) => `${reachedFlag(reachedColumn[stage])} AS ${stage}`).join(", ")}
       FROM leads WHERE ${cohortWhere}
       ${keepSmallRecords}
     )
     GROUP BY value`,
  ).all({ from, to, asOf }) as CohortStageCounts[];
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

/** Whole milliseconds from `before` to `after` (ISO texts); julianday keeps milliseconds exact. */
const millisecondsBetween = (before: string, after: string) =>
  `CAST(round((julianday(${after}) - julianday(${before})) * 86400000) AS INTEGER)`;

/**
 * Per value of `field` (one group without it), the gaps between consecutive arrivals of the
 * leads created in [from, to) (and by `asOf`) seen arriving at both stages by `asOf`. The
 * gaps are computed in SQL and come back as one comma-separated text per group and stage:
 * handing tens of thousands of rows of timestamps to JavaScript cost more than the rest of
 * the report.
 */
export function cohortGaps(
  db: Db,
  field: CohortField | undefined,
  from: string,
  to: string,
  asOf: string,
): CohortGaps[] {
  const columns = funnelStages.map((stage) => arrivedColumn[stage]);
  const pairs = columns.slice(1).map((after, index) => {
    const before = columns[index] as string;
    return { before, after, seen: `(${after} <= @asOf AND ${before} <= ${after})` };
  });
  const rows = prepared(
    db,
    `SELECT ${field ?? "NULL"},
       ${pairs
         .map(
           ({ before, after, seen }) =>
             `group_concat(CASE WHEN ${seen} THEN ${millisecondsBetween(before, after)} END)`,
         )
         .join(", ")}
     FROM leads WHERE ${cohortWhere} AND (${pairs.map(({ seen }) => seen).join(" OR ")})
     GROUP BY 1`,
  )
    .raw(true)
    .all({ from, to, asOf }) as [string | null, ...(string | null)[]][];
  return rows.map(([value, ...lists]) => ({
    value,
    gapsMs: [
      [],
      ...lists.map((list) => (list === null ? [] : (JSON.parse(`[${list}]`) as number[]))),
    ],
  }));
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

/** The first arrival at the stage before each funnel stage (none before lead). */
const previousArrivedSql = `CASE e.to_stage ${funnelStages
  .slice(1)
  .map(
    (stage, index) => `WHEN '${stage}' THEN l.${arrivedColumn[funnelStages[index] as FunnelStage]}`,
  )
  .join(" ")} END`;

/** Leads per query of `forEachStageMove`: bounds the text one query returns (about 1 MB at 1M leads). */
const defaultLeadsPerBatch = 131_072;

/**
 * Visits the changes into a funnel stage (not the off-ramps) that happened in [from, to), lead
 * by lead, each lead's in time order (at, then id): the order of stage_events_lead_order, so
 * nothing is sorted, and each lead's row is read next to the one before.
 *
 * The moves of a range of leads come back as one JSON array text, values in a row, which
 * JSON.parse reads: a row per move (300,000 in a quarter at 1M leads) cost twice the query
 * itself to hand over. The order holds because the concatenation reads a subquery with ORDER
 * BY, which SQLite keeps under an aggregate other than count(), min() and max() (a test checks
 * it on events at the same instant). The arrival at the stage before comes from the lead's
 * projected columns (lead-stages-sql), the first event to that stage.
 */
export function forEachStageMove(
  db: Db,
  range: { field: CohortField | undefined; from: string; to: string; withTime: boolean },
  visit: StageMoveVisitor,
  leadsPerBatch = defaultLeadsPerBatch,
): void {
  const { field, from, to, withTime } = range;
  const width = withTime ? 6 : 5;
  const statement = prepared(
    db,
    `SELECT '[' || coalesce(group_concat(move), '') || ']' FROM (
       SELECT e.lead_id || ',' ||
         (CASE WHEN e.from_stage IS NULL THEN -1 ELSE coalesce(${funnelRankSql("e.from_stage")}, 0) END) || ',' ||
         ${funnelRankSql("e.to_stage")} || ',' ||
         coalesce(${millisecondsBetween(previousArrivedSql, "e.at")}, 'null') || ',' ||
         json_quote(${field === undefined ? "NULL" : `CAST(l.${field} AS TEXT)`})
         ${withTime ? "|| ',' || json_quote(e.at)" : ""} AS move
       FROM stage_events e JOIN leads l ON l.id = e.lead_id
       WHERE e.lead_id >= @low AND e.lead_id < @high AND e.at >= @from AND e.at < @to
         AND e.to_stage IN (${funnelStages.map((stage) => `'${stage}'`).join(", ")})
       ORDER BY e.lead_id, e.at, e.id)`,
  ).pluck(true);
  // Each batch starts at the next lead that has events: sparse ids (or negative ones) cost no
  // empty queries.
  const nextLead = prepared(
    db,
    "SELECT min(lead_id) FROM stage_events WHERE lead_id >= @low",
  ).pluck(true);
  for (
    let low = nextLead.get({ low: Number.MIN_SAFE_INTEGER }) as number | null;
    low !== null;
    low = nextLead.get({ low: low + leadsPerBatch }) as number | null
  ) {
    const moves = JSON.parse(
      statement.get({ low, high: low + leadsPerBatch, from, to }) as string,
    ) as (number | string | null)[];
    for (let i = 0; i < moves.length; i += width)
      visit(
        moves[i] as number,
        moves[i + 1] as number,
        moves[i + 2] as number,
        withTime ? (moves[i + 5] as string) : "",
        moves[i + 4] as string | null,
        moves[i + 3] as number | null,
      );
  }
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
    `SELECT source, count(*) AS leads, sum(mqls) AS mqls, sum(accepted) AS accepted,
       sum(rejected) AS rejected
     FROM (
       SELECT source, ${reachedFlag("mql_at")} AS mqls, ${reachedFlag("sal_at")} AS accepted,
         ${reachedFlag("rejected_at")} AS rejected
       FROM leads WHERE ${cohortWhere}
       ${keepSmallRecords}
     )
     GROUP BY source`,
  ).all({ from, to, asOf }) as {
    source: string | null;
    leads: number;
    mqls: number;
    accepted: number;
    rejected: number;
  }[];
}

/**
 * Why sales rejected (mql → recycled) leads of the cohort, per source and reason: the events
 * of only the leads rejected by `asOf` (rejected_at).
 */
export function rejectionReasons(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; reason: string | null; leads: number }[] {
  return prepared(
    db,
    `SELECT l.source, e.reason, count(DISTINCT e.lead_id) AS leads
     FROM leads l JOIN stage_events e ON e.lead_id = l.id
     WHERE l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
       AND l.rejected_at <= @asOf
       AND e.to_stage = 'recycled' AND e.from_stage = 'mql' AND e.at <= @asOf
     GROUP BY l.source, e.reason`,
  ).all({ from, to, asOf }) as { source: string | null; reason: string | null; leads: number }[];
}

/**
 * Per source of the cohort's leads: how many were handed off by `asOf`, and for every handoff
 * touched after it (by `asOf`), the whole milliseconds to that first touch. Computed in SQL
 * and returned as one comma-separated text per source: tens of thousands of handoff rows cost
 * more to hand to JavaScript than the query itself.
 */
export function cohortHandoffs(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; handedOff: number; toFirstTouchMs: number[] }[] {
  const rows = prepared(
    db,
    `SELECT source, count(DISTINCT lead_id) AS handed_off, group_concat(to_first_touch) AS gaps
     FROM (
       SELECT l.source, h.lead_id,
         (SELECT ${millisecondsBetween("h.at", "min(t.at)")} FROM touches t
           WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS to_first_touch
       FROM handoffs h JOIN leads l ON l.id = h.lead_id
       WHERE h.at <= @asOf AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
     )
     GROUP BY source`,
  ).all({ from, to, asOf }) as { source: string | null; handed_off: number; gaps: string | null }[];
  return rows.map((row) => ({
    source: row.source,
    handedOff: row.handed_off,
    toFirstTouchMs: row.gaps === null ? [] : (JSON.parse(`[${row.gaps}]`) as number[]),
  }));
}

/** Deals won by `asOf` for the cohort's leads, per source: deals, revenue, and leads won. */
export function cohortWins(
  db: Db,
  from: string,
  to: string,
  asOf: string,
): { source: string | null; deals: number; revenue: number; leads: number }[] {
  const statement = prepared(
    db,
    `SELECT l.source, count(*) AS deals, coalesce(sum(d.amount), 0) AS revenue,
       count(DISTINCT d.lead_id) AS leads
     FROM deals d JOIN leads l ON l.id = d.lead_id
     WHERE d.stage = 'won' AND d.closed_at <= @asOf
       AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
     GROUP BY l.source`,
  );
  return rowsWithAmountSums(
    () =>
      statement.all({ from, to, asOf }) as {
        source: string | null;
        deals: number;
        revenue: number;
        leads: number;
      }[],
    ["revenue"],
  );
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

/** What the database holds for the leads reports: why one counted no lead. */
export interface LeadsOnFile {
  readonly leads: number;
  readonly deals: number;
  /** The first and last lead's created moment (ISO), null without leads. */
  readonly firstCreated: string | null;
  readonly lastCreated: string | null;
}

export function leadsOnFile(db: Db): LeadsOnFile {
  return prepared(
    db,
    `SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM deals) AS deals,
       (SELECT min(created_at) FROM leads) AS firstCreated,
       (SELECT max(created_at) FROM leads) AS lastCreated`,
  ).get() as LeadsOnFile;
}

/**
 * PostgreSQL's side of EngineQueries: the same answers as store/sqlite/queries.ts in
 * PostgreSQL's dialect (string_agg for group_concat, timestamptz arithmetic for julianday,
 * json_object_keys for json_each, one set-based UPDATE for a loop of them). Rows are streamed
 * to the visitors as arrays of values, which the client reads without building an object each.
 *
 * Timestamps stay ISO texts in the tables; where a query subtracts two, it reads them as
 * timestamptz, and the session's TimeZone is UTC (connection.ts), so a text without an offset
 * means UTC, as julianday reads it.
 */
import { funnelStages } from "../../domain/stages.js";
import type { EngineQueries } from "../engine.js";
import type { CohortField, CohortGaps, CohortStageCounts, StageMoveVisitor } from "../funnel.js";
import { arrivalPairs, previousArrivedSql, reachedColumn } from "../lead-stages-sql.js";
import { filterClause, type LeadFilter } from "../leads.js";
import type { SlaHandoffRow } from "../sla.js";
import { crossedIntoSql, funnelRankSql } from "../stage-sql.js";
import type { PostgresExecutor } from "./postgres-store.js";

/** Leads created in [from, to) and by `asOf`: the cohort, as the database knew it then. */
const cohortWhere = "created_at >= @from AND created_at < @to AND created_at <= @asOf";

/** 1 when `column` (a first-reached time) is on or before as-of, else 0. */
const reachedFlag = (column: string) => `CASE WHEN ${column} <= @asOf THEN 1 ELSE 0 END`;

/** Whole milliseconds from `before` to `after` (ISO texts), exactly (epoch is numeric). */
const millisecondsBetween = (before: string, after: string) =>
  `round(extract(epoch FROM (${after})::timestamptz - (${before})::timestamptz) * 1000)::bigint`;

/** A comma-separated list of numbers (string_agg's) as the numbers. */
const numbersOf = (list: string | null): number[] =>
  list === null ? [] : (JSON.parse(`[${list}]`) as number[]);

export class PostgresQueries implements EngineQueries {
  constructor(private readonly executor: PostgresExecutor) {}

  async cohortStageCounts(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortStageCounts[]> {
    const stages = ["mql", "sal", "sql", "opportunity", "customer"] as const;
    return this.executor.all<CohortStageCounts>(
      `SELECT ${field ?? "NULL::text"} AS value, count(*) AS leads,
         ${stages.map((stage) => `sum(${reachedFlag(reachedColumn[stage])}) AS ${stage}`).join(", ")}
       FROM leads WHERE ${cohortWhere}
       GROUP BY 1`,
      { from, to, asOf },
    );
  }

  async cohortGaps(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortGaps[]> {
    const pairs = arrivalPairs();
    const rows = await this.executor
      .query(
        `SELECT ${field ?? "NULL::text"},
           ${pairs
             .map(
               ({ before, after, seen }) =>
                 `string_agg(CASE WHEN ${seen} THEN ${millisecondsBetween(before, after)}::text END, ',')`,
             )
             .join(", ")}
         FROM leads WHERE ${cohortWhere} AND (${pairs.map(({ seen }) => seen).join(" OR ")})
         GROUP BY 1`,
        { from, to, asOf },
      )
      .values();
    return (rows as unknown as [string | null, ...(string | null)[]][]).map(
      ([value, ...lists]) => ({ value, gapsMs: [[], ...lists.map(numbersOf)] }),
    );
  }

  /** Each lead's moves in time order (at, then id), leads in id order, streamed. */
  async forEachStageMove(
    range: { field: CohortField | undefined; from: string; to: string; withTime: boolean },
    visit: StageMoveVisitor,
  ): Promise<void> {
    const { field, from, to, withTime } = range;
    await this.executor
      .query(
        `SELECT e.lead_id,
           CASE WHEN e.from_stage IS NULL THEN -1 ELSE coalesce(${funnelRankSql("e.from_stage")}, 0) END,
           ${funnelRankSql("e.to_stage")},
           ${withTime ? "e.at" : "''"},
           ${field === undefined ? "NULL::text" : `l.${field}::text`},
           ${millisecondsBetween(previousArrivedSql, "e.at")}
         FROM stage_events e JOIN leads l ON l.id = e.lead_id
         WHERE e.at >= @from AND e.at < @to
           AND e.to_stage IN (${funnelStages.map((stage) => `'${stage}'`).join(", ")})
         ORDER BY e.lead_id, e.at, e.id`,
        { from, to },
      )
      .values()
      .forEach((row) => {
        const [leadId, fromRank, toRank, at, value, gap] = row as unknown as [
          number,
          number,
          number,
          string,
          string | null,
          number | null,
        ];
        visit(leadId, fromRank, toRank, at, value, gap);
      });
  }

  async sourceStageCounts(
    from: string,
    to: string,
    asOf: string,
  ): Promise<
    { source: string | null; leads: number; mqls: number; accepted: number; rejected: number }[]
  > {
    return this.executor.all(
      `SELECT source, count(*) AS leads, sum(${reachedFlag("mql_at")}) AS mqls,
         sum(${reachedFlag("sal_at")}) AS accepted, sum(${reachedFlag("rejected_at")}) AS rejected
       FROM leads WHERE ${cohortWhere}
       GROUP BY source`,
      { from, to, asOf },
    );
  }

  async cohortHandoffs(
    from: string,
    to: string,
    asOf: string,
  ): Promise<{ source: string | null; handedOff: number; toFirstTouchMs: number[] }[]> {
    const rows = await this.executor.all<{
      source: string | null;
      handed_off: number;
      gaps: string | null;
    }>(
      `SELECT source, count(DISTINCT lead_id) AS handed_off, string_agg(to_first_touch::text, ',') AS gaps
       FROM (
         SELECT l.source, h.lead_id,
           (SELECT ${millisecondsBetween("h.at", "min(t.at)")} FROM touches t
             WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS to_first_touch
         FROM handoffs h JOIN leads l ON l.id = h.lead_id
         WHERE h.at <= @asOf AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
       ) AS cohort_handoffs
       GROUP BY source`,
      { from, to, asOf },
    );
    return rows.map((row) => ({
      source: row.source,
      handedOff: row.handed_off,
      toFirstTouchMs: numbersOf(row.gaps),
    }));
  }

  async forEachMqlArrival(
    from: string,
    to: string,
    visit: (source: string | null, at: string) => void,
  ): Promise<void> {
    await this.executor
      .query(
        `SELECT l.source, e.at FROM stage_events e JOIN leads l ON l.id = e.lead_id
         WHERE ${crossedIntoSql("e", "1")} AND e.at >= @from AND e.at < @to`,
        { from, to },
      )
      .values()
      .forEach((row) => {
        const [source, at] = row as unknown as [string | null, string];
        visit(source, at);
      });
  }

  async forEachSlaHandoff(
    range: { from: string; to: string; asOf: string },
    visit: (row: SlaHandoffRow) => void,
  ): Promise<void> {
    await this.executor
      .query(
        `SELECT h.id, h.rep_id, r.handle AS rep_handle, h.at,
           (SELECT min(n.at) FROM handoffs n
             WHERE n.lead_id = h.lead_id AND n.at >= h.at AND n.at <= @asOf
               AND (n.at > h.at OR n.id > h.id)) AS next_handoff_at,
           (SELECT min(t.at) FROM touches t
             WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS first_touch_at,
           (SELECT e.to_stage FROM stage_events e WHERE e.lead_id = h.lead_id AND e.at <= h.at
             ORDER BY e.at DESC, e.id DESC LIMIT 1) AS stage_at_handoff,
           d.at AS decided_at, d.to_stage AS decision
         FROM handoffs h JOIN reps r ON r.id = h.rep_id
         LEFT JOIN LATERAL (SELECT e.at, e.to_stage FROM stage_events e
             WHERE e.lead_id = h.lead_id AND e.at >= h.at AND e.at <= @asOf AND e.to_stage <> 'mql'
             ORDER BY e.at, e.id LIMIT 1) AS d ON true
         WHERE h.at >= @from AND h.at < @to AND h.at <= @asOf
         ORDER BY h.lead_id`,
        range,
      )
      .forEach((row) => {
        visit(row as unknown as SlaHandoffRow);
      });
  }

  async attributeNames(filter: LeadFilter): Promise<string[]> {
    const { where, params } = filterClause(filter);
    const rows = await this.executor
      .query(
        // Keys as text in byte order, as SQLite orders them (a literal's collation would be
        // the database's).
        `SELECT key FROM (SELECT attr.key COLLATE "C" AS key, min(leads.id) AS first_id
           FROM leads CROSS JOIN LATERAL json_object_keys(leads.attributes::json) AS attr (key)
           ${where} GROUP BY 1) AS keys ORDER BY first_id, key`,
        params,
      )
      .values();
    return (rows as unknown as [string][]).map(([key]) => key);
  }
}

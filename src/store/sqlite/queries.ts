/**
 * SQLite's side of EngineQueries: the report queries tuned to SQLite (group_concat,
 * json_quote, julianday, LIMIT -1 against subquery flattening, rows handed over as one text),
 * run synchronously on the connection and visited in place: the PostgreSQL engine writes the
 * same functions in its own dialect (store/postgres/queries.ts).
 */
import { funnelStages } from "../../domain/stages.js";
import type { EngineQueries } from "../engine.js";
import type { CohortField, CohortGaps, CohortStageCounts, StageMoveVisitor } from "../funnel.js";
import { arrivalPairs, previousArrivedSql, reachedColumn } from "../lead-stages-sql.js";
import { filterClause, type LeadFilter } from "../leads.js";
import type { SlaHandoffRow } from "../sla.js";
import { crossedIntoSql, funnelRankSql } from "../stage-sql.js";
import { type Db, prepared } from "./database.js";

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

/** Whole milliseconds from `before` to `after` (ISO texts); julianday keeps milliseconds exact. */
const millisecondsBetween = (before: string, after: string) =>
  `CAST(round((julianday(${after}) - julianday(${before})) * 86400000) AS INTEGER)`;

/** Moves per query of `forEachStageMove`: bounds the text one query returns (about 2.5 MB). */
const defaultMovesPerBatch = 100_000;

export class SqliteQueries implements EngineQueries {
  constructor(private readonly db: Db) {}

  /**
   * Leads created in [from, to) (and by `asOf`), per value of `field` (all in one row
   * without it), with how many had reached each stage by `asOf`: from the first-reached times
   * (lead-stages-store) and the `leads_cohort` index alone.
   */
  async cohortStageCounts(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortStageCounts[]> {
    const value = field === undefined ? "NULL" : field;
    const stages = ["mql", "sal", "sql", "opportunity", "customer"] as const;
    return prepared(
      this.db,
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
   * Per value of `field` (one group without it), the gaps between consecutive arrivals of the
   * leads created in [from, to) (and by `asOf`) seen arriving at both stages by `asOf`. The
   * gaps are computed in SQL and come back as one comma-separated text per group and stage:
   * handing tens of thousands of rows of timestamps to JavaScript cost more than the rest of
   * the report.
   */
  async cohortGaps(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortGaps[]> {
    const pairs = arrivalPairs();
    const rows = prepared(
      this.db,
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
   * Visits the changes into a funnel stage (not the off-ramps) that happened in [from, to), in
   * (at, id) order, the order of stage_events_at: a range of it is the period's moves, so a
   * quarter costs the same however many older events the file holds (the lead-order walk it
   * replaces read every event ever recorded), and nothing is sorted.
   *
   * The moves of a batch come back as one JSON array text, values in a row, which JSON.parse
   * reads: a row per move (300,000 in a quarter at 1M leads) cost twice the query itself to
   * hand over. The order holds because the concatenation reads a subquery with ORDER BY,
   * which SQLite keeps under an aggregate other than count(), min() and max() (a test checks
   * it on events at the same instant). A batch ends where the index says its last move is
   * (one walk of a covering index range, a few per cent of the batch), so that the text
   * stays bounded however long the period. The arrival at the stage before comes from the
   * lead's projected columns (lead-stages-sql), the first event to that stage.
   */
  async forEachStageMove(
    range: { field: CohortField | undefined; from: string; to: string; withTime: boolean },
    visit: StageMoveVisitor,
    movesPerBatch = defaultMovesPerBatch,
  ): Promise<void> {
    const { field, from, to, withTime } = range;
    const width = withTime ? 6 : 5;
    const intoFunnel = `e.to_stage IN (${funnelStages.map((stage) => `'${stage}'`).join(", ")})`;
    // Moves after (@afterAt, @afterId) and up to (@lastAt, @lastId), both in (at, id) order:
    // only plain bounds on `at` make the index range (with a row value, or the period's edges
    // beside them, the planner took the period's end and read the period again every batch).
    const batch = prepared(
      this.db,
      `SELECT '[' || coalesce(group_concat(move), '') || ']' FROM (
         SELECT e.lead_id || ',' ||
           (CASE WHEN e.from_stage IS NULL THEN -1 ELSE coalesce(${funnelRankSql("e.from_stage")}, 0) END) || ',' ||
           ${funnelRankSql("e.to_stage")} || ',' ||
           coalesce(${millisecondsBetween(previousArrivedSql, "e.at")}, 'null') || ',' ||
           json_quote(${field === undefined ? "NULL" : `CAST(l.${field} AS TEXT)`})
           ${withTime ? "|| ',' || json_quote(e.at)" : ""} AS move
         FROM stage_events e JOIN leads l ON l.id = e.lead_id
         WHERE e.at >= @afterAt AND e.at <= @lastAt AND (e.at > @afterAt OR e.id > @afterId)
           AND (e.at < @lastAt OR e.id <= @lastId) AND ${intoFunnel}
         ORDER BY e.at, e.id)`,
    ).pluck(true);
    // The last move of the next batch: the batch's size-th, else the period's last (both read
    // from the index in its order, nothing sorted).
    const movesAfter = `FROM stage_events e
       WHERE e.at >= @afterAt AND e.at < @to AND (e.at > @afterAt OR e.id > @afterId) AND ${intoFunnel}`;
    const nthMove = prepared(
      this.db,
      `SELECT e.at, e.id ${movesAfter} ORDER BY e.at, e.id LIMIT 1 OFFSET @skip`,
    ).raw(true);
    const lastMove = prepared(
      this.db,
      `SELECT e.at, e.id ${movesAfter} ORDER BY e.at DESC, e.id DESC LIMIT 1`,
    ).raw(true);
    // The first batch starts at the period's start, before any move there.
    let after: [string, number] = [from, Number.MIN_SAFE_INTEGER];
    for (;;) {
      const bounds = { afterAt: after[0], afterId: after[1] };
      const last = (nthMove.get({ ...bounds, to, skip: movesPerBatch - 1 }) ??
        lastMove.get({ ...bounds, to })) as [string, number] | undefined;
      if (last === undefined) break;
      const moves = JSON.parse(
        batch.get({ ...bounds, lastAt: last[0], lastId: last[1] }) as string,
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
      after = last;
    }
  }

  /** Per source, over the leads created in [from, to): how far they got by `asOf`. */
  async sourceStageCounts(
    from: string,
    to: string,
    asOf: string,
  ): Promise<
    { source: string | null; leads: number; mqls: number; accepted: number; rejected: number }[]
  > {
    return prepared(
      this.db,
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
   * Per source of the cohort's leads: how many were handed off by `asOf`, and for every handoff
   * touched after it (by `asOf`), the whole milliseconds to that first touch. Computed in SQL
   * and returned as one comma-separated text per source: tens of thousands of handoff rows cost
   * more to hand to JavaScript than the query itself.
   */
  async cohortHandoffs(
    from: string,
    to: string,
    asOf: string,
  ): Promise<{ source: string | null; handedOff: number; toFirstTouchMs: number[] }[]> {
    const rows = prepared(
      this.db,
      `SELECT source, count(DISTINCT lead_id) AS handed_off, group_concat(to_first_touch) AS gaps
       FROM (
         SELECT l.source, h.lead_id,
           (SELECT ${millisecondsBetween("h.at", "min(t.at)")} FROM touches t
             WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= @asOf) AS to_first_touch
         FROM handoffs h JOIN leads l ON l.id = h.lead_id
         WHERE h.at <= @asOf AND l.created_at >= @from AND l.created_at < @to AND l.created_at <= @asOf
       )
       GROUP BY source`,
    ).all({ from, to, asOf }) as {
      source: string | null;
      handed_off: number;
      gaps: string | null;
    }[];
    return rows.map((row) => ({
      source: row.source,
      handedOff: row.handed_off,
      toFirstTouchMs: row.gaps === null ? [] : (JSON.parse(`[${row.gaps}]`) as number[]),
    }));
  }

  /**
   * Leads that became MQLs in [from, to), with their source: moves that crossed into mql or
   * beyond (an import straight at sql delivered an MQL too), from a new lead, a plain lead or an
   * off-ramp.
   */
  async forEachMqlArrival(
    from: string,
    to: string,
    visit: (source: string | null, at: string) => void,
  ): Promise<void> {
    const arrivals = prepared(
      this.db,
      `SELECT l.source, e.at FROM stage_events e JOIN leads l ON l.id = e.lead_id
       WHERE ${crossedIntoSql("e", "1")} AND e.at >= @from AND e.at < @to`,
    )
      .raw(true)
      .iterate({ from, to }) as Iterable<[string | null, string]>;
    for (const [source, at] of arrivals) visit(source, at);
  }

  /**
   * Handoffs made in [from, to) up to `asOf`, with what happened to their lead by `asOf`: the next
   * handoff of the lead, its first touch, the first move away from mql, and the stage it was at
   * when handed off. The period's handoffs come from a range of handoffs_at (so a quarter costs
   * the same however many older handoffs the file holds), sorted by lead before the lookups
   * (LIMIT keeps the sorted subquery whole; CROSS JOIN keeps it outside): each lookup (a range
   * of handoffs_lead_rep, touches_lead and stage_events_lead_order) then lands next to the one
   * before, where time or rep order made each a random read (a sixth of the query). The last event by the handoff and the first
   * decision after it are each the first entry of stage_events_lead_order in (at, id) order one
   * way or the other: no sort, and one entry read.
   */
  async forEachSlaHandoff(
    range: { from: string; to: string; asOf: string },
    visit: (row: SlaHandoffRow) => void,
  ): Promise<void> {
    const rows = prepared(
      this.db,
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
       FROM (SELECT id, lead_id, rep_id, at FROM handoffs
             WHERE at >= @from AND at < @to AND at <= @asOf
             ORDER BY lead_id LIMIT -1) h
         CROSS JOIN reps r
       WHERE r.id = h.rep_id`,
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
      visit({
        id,
        rep_id: repId,
        rep_handle: repHandle,
        at,
        next_handoff_at: nextHandoffAt,
        first_touch_at: firstTouchAt,
        decided_at: decision === null ? null : decision.slice(0, bar),
        decision: decision === null ? null : decision.slice(bar + 1),
        stage_at_handoff: stageAtHandoff,
      });
    }
  }

  async attributeNames(filter: LeadFilter): Promise<string[]> {
    const { where, params } = filterClause(filter);
    return prepared(
      this.db,
      `SELECT key FROM (SELECT attr.key AS key, min(leads.id) AS first_id
         FROM leads, json_each(leads.attributes) AS attr ${where} GROUP BY attr.key) ORDER BY first_id, key`,
    )
      .pluck()
      .all(params) as string[];
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

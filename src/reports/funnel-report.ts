import { type FunnelStageRow, FunnelTally, funnelRank, funnelRows } from "../domain/funnel-math.js";
import { type FiscalCalendar, monthNameOf, type Period, quarterNameOf } from "../domain/periods.js";
import type { Db } from "../store/database.js";
import {
  type CohortField,
  cohortGaps,
  cohortStageCounts,
  type LeadGroupFields,
  stageMoves,
  withFileMapped,
} from "../store/funnel-store.js";
import { listReps } from "../store/reps-store.js";

export const funnelGroups = ["source", "campaign", "owner", "team", "month", "quarter"] as const;
export type FunnelGroup = (typeof funnelGroups)[number];
export type FunnelMode = "cohort" | "activity";

export interface FunnelGroupRows {
  readonly name: string;
  readonly rows: readonly FunnelStageRow[];
}

export interface FunnelReport {
  readonly period: Period;
  readonly asOf: Date;
  readonly mode: FunnelMode;
  readonly by: FunnelGroup | undefined;
  readonly total: readonly FunnelStageRow[];
  /** One funnel per group (with --by), largest first (months and quarters in time order). */
  readonly groups: readonly FunnelGroupRows[];
}

const day = 86_400_000;
const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/**
 * The funnel for a period, from stage events only, so the same `asOf` gives the same numbers
 * later. Cohort mode follows the leads created in the period as far as they got by `asOf`;
 * activity mode counts the leads that arrived at each stage in the period.
 */
export function buildFunnelReport(
  db: Db,
  options: {
    period: Period;
    asOf: Date;
    mode: FunnelMode;
    by?: FunnelGroup | undefined;
    top?: number | undefined;
    fiscal: FiscalCalendar;
  },
): FunnelReport {
  const { period, asOf, mode, by } = options;
  const groupOf = grouper(db, by, options.fiscal);
  const tallies = new Map<string, FunnelTally>();
  const tallyOf = (name: string) => {
    const tally = tallies.get(name) ?? new FunnelTally();
    tallies.set(name, tally);
    return tally;
  };
  if (mode === "cohort") {
    // The cohort reads a period of lead rows: through a memory map (see withFileMapped).
    withFileMapped(db, () => {
      const asOfIso = asOf.toISOString();
      // Counted in SQL, per value of the lead field the groups come from (a team is its owners).
      const field = by === "team" ? "owner" : by === "month" || by === "quarter" ? undefined : by;
      for (const slice of cohortSlices(period, by)) {
        for (const counts of cohortStageCounts(db, field, slice.from, slice.to, asOfIso)) {
          tallyOf(groupOf(groupFields(field, counts.value), slice.from)).addCounts([
            counts.leads,
            counts.mql,
            counts.sal,
            counts.sql,
            counts.opportunity,
            counts.customer,
          ]);
        }
      }
      // Medians: only the leads seen arriving at two consecutive stages give days.
      for (const slice of cohortSlices(period, by)) {
        for (const { value, gapsMs } of cohortGaps(db, field, slice.from, slice.to, asOfIso)) {
          const tally = tallyOf(groupOf(groupFields(field, value), slice.from));
          gapsMs.forEach((gaps, stage) => {
            tally.addDays(
              stage,
              gaps.map((ms) => ms / day),
            );
          });
        }
      }
    });
  } else {
    const end = new Date(Math.min(period.to.getTime(), asOf.getTime()));
    // A lead counts once per stage and group, however often it came back to the stage:
    // per group, the (lead, stage) pairs seen, as lead id x 8 + stage.
    const seen = new Map<string, Set<number>>();
    for (const move of stageMoves(db, period.from.toISOString(), end.toISOString())) {
      const to = funnelRank(move.to_stage);
      if (to === undefined) continue;
      // From an off-ramp a lead starts again at the top; a new lead comes from nowhere.
      const from = move.from_stage === null ? -1 : (funnelRank(move.from_stage) ?? 0);
      const name = groupOf(move, move.at);
      let seenInGroup = seen.get(name);
      if (seenInGroup === undefined) {
        seenInGroup = new Set();
        seen.set(name, seenInGroup);
      }
      for (let stage = from + 1; stage <= to; stage++) {
        const key = move.lead_id * 8 + stage;
        if (seenInGroup.has(key)) continue;
        seenInGroup.add(key);
        const previous = stage === to ? time(move.previous_at) : null;
        tallyOf(name).addArrival(
          stage,
          previous === null ? null : (Date.parse(move.at) - previous) / day,
        );
      }
    }
  }
  const total = new FunnelTally();
  for (const tally of tallies.values()) total.add(tally);
  return {
    period,
    asOf,
    mode,
    by,
    total: funnelRows(total),
    groups: by === undefined ? [] : ordered(tallies, by, options.top),
  };
}

/** A lead known only by the one field the cohort was counted by. */
function groupFields(field: CohortField | undefined, value: string | null): LeadGroupFields {
  return {
    source: field === "source" ? value : null,
    campaign: field === "campaign" ? value : null,
    owner: field === "owner" ? value : null,
  };
}

/**
 * The parts of the period the cohort is counted in: one per local month when grouping by
 * month or quarter (a quarter is whole months), else the period itself. ISO edges.
 */
function cohortSlices(period: Period, by: FunnelGroup | undefined): { from: string; to: string }[] {
  if (by !== "month" && by !== "quarter")
    return [{ from: period.from.toISOString(), to: period.to.toISOString() }];
  const slices = [];
  for (let from = period.from; from < period.to; ) {
    const next = new Date(from.getFullYear(), from.getMonth() + 1, 1);
    const to = next < period.to ? next : period.to;
    slices.push({ from: from.toISOString(), to: to.toISOString() });
    from = to;
  }
  return slices;
}

/** The group a lead (or its move at `at`) falls in. */
function grouper(
  db: Db,
  by: FunnelGroup | undefined,
  fiscal: FiscalCalendar,
): (lead: LeadGroupFields, at: string) => string {
  switch (by) {
    case undefined:
      return () => "all";
    case "source":
      return (lead) => lead.source ?? "(no source)";
    case "campaign":
      return (lead) => lead.campaign ?? "(no campaign)";
    case "owner":
      return (lead) => lead.owner ?? "(unassigned)";
    case "team": {
      const teams = new Map(listReps(db).map((rep) => [rep.handle, rep.team]));
      return (lead) =>
        lead.owner === null ? "(unassigned)" : (teams.get(lead.owner) ?? "(no team)");
    }
    case "month":
      return (_, at) => monthNameOf(new Date(at));
    case "quarter":
      return (_, at) => quarterNameOf(new Date(at), fiscal);
  }
}

function ordered(
  tallies: Map<string, FunnelTally>,
  by: FunnelGroup,
  top: number | undefined,
): FunnelGroupRows[] {
  const entries = [...tallies];
  if (by === "month" || by === "quarter") entries.sort(([a], [b]) => a.localeCompare(b));
  else
    entries.sort(([a, x], [b, y]) => (y.counts[0] ?? 0) - (x.counts[0] ?? 0) || a.localeCompare(b));
  let kept = entries;
  if (top !== undefined && entries.length > top) {
    kept = entries.slice(0, top);
    const other = new FunnelTally();
    for (const [, tally] of entries.slice(top)) other.add(tally);
    kept.push([`(${entries.length - top} others)`, other]);
  }
  return kept.map(([name, tally]) => ({ name, rows: funnelRows(tally) }));
}

import { type FunnelStageRow, FunnelTally, funnelRows } from "../domain/funnel-math.js";
import { type FiscalCalendar, monthNameOf, type Period, quarterNameOf } from "../domain/periods.js";
import { teamDate, wallTime } from "../domain/time-zone.js";
import {
  cohortGaps,
  cohortStageCounts,
  forEachStageMove,
  type LeadsOnFile,
  leadsOnFile,
} from "../store/funnel.js";
import { listReps } from "../store/reps.js";
import type { ReadTx } from "../store/store.js";

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
  /** When it counted no lead: what the database holds, to say why. */
  readonly noLeads: LeadsOnFile | undefined;
}

export interface FunnelReportOptions {
  readonly period: Period;
  readonly asOf: Date;
  readonly mode: FunnelMode;
  readonly by?: FunnelGroup | undefined;
  readonly top?: number | undefined;
  readonly fiscal: FiscalCalendar;
}

const day = 86_400_000;

/**
 * The funnel for a period, from stage events only, so the same `asOf` gives the same numbers
 * later. Cohort mode follows the leads created in the period as far as they got by `asOf`;
 * activity mode counts the leads that arrived at each stage in the period.
 */
export async function buildFunnelReport(
  tx: ReadTx,
  options: FunnelReportOptions,
): Promise<FunnelReport> {
  const { period, asOf, mode, by } = options;
  const groupOf = await grouper(tx, by, options.fiscal);
  const tallies = new Map<string, FunnelTally>();
  const tallyOf = (name: string) => {
    let tally = tallies.get(name);
    if (tally === undefined) {
      tally = new FunnelTally();
      tallies.set(name, tally);
    }
    return tally;
  };
  // Counted in SQL, per value of the lead field the groups come from (a team is its owners).
  const field = by === "team" ? "owner" : by === "month" || by === "quarter" ? undefined : by;
  if (mode === "cohort") {
    const asOfIso = asOf.toISOString();
    for (const slice of cohortSlices(period, by)) {
      for (const counts of await cohortStageCounts(tx, field, slice.from, slice.to, asOfIso)) {
        tallyOf(groupOf(counts.value, slice.from)).addCounts([
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
      for (const { value, gapsMs } of await cohortGaps(tx, field, slice.from, slice.to, asOfIso)) {
        const tally = tallyOf(groupOf(value, slice.from));
        gapsMs.forEach((gaps, stage) => {
          tally.addDays(
            stage,
            gaps.map((ms) => ms / day),
          );
        });
      }
    }
  } else {
    const end = new Date(Math.min(period.to.getTime(), asOf.getTime()));
    // A lead counts once per stage and group, however often it came back to the stage. Its
    // moves come in time order (other leads' in between), and its group changes only forward
    // in time (the value of a lead field is one per lead; months and quarters follow time):
    // each (lead, group) is one run of its moves, whose stages seen so far are bits.
    const runs = new RunsByLead();
    const groupIndexes = new Map<string, number>();
    const range = {
      field,
      from: period.from.toISOString(),
      to: end.toISOString(),
      withTime: by === "month" || by === "quarter",
    };
    await forEachStageMove(tx, range, (leadId, from, to, at, value, msSincePrevious) => {
      const group = groupOf(value, at);
      let groupIndex = groupIndexes.get(group);
      if (groupIndex === undefined) {
        groupIndex = groupIndexes.size;
        groupIndexes.set(group, groupIndex);
      }
      const run = runs.get(leadId);
      let seen = run !== 0 && Math.floor(run / 64) === groupIndex + 1 ? run % 64 : 0;
      const before = seen;
      for (let stage = from + 1; stage <= to; stage++) {
        const bit = 1 << stage;
        if ((seen & bit) !== 0) continue;
        seen |= bit;
        // A group appears with its first arrival: a move that reaches no new stage adds none.
        tallyOf(group).addArrival(
          stage,
          stage === to && msSincePrevious !== null ? msSincePrevious / day : null,
        );
      }
      if (seen !== before || run === 0) runs.set(leadId, (groupIndex + 1) * 64 + seen);
    });
  }
  const total = new FunnelTally();
  for (const tally of tallies.values()) total.add(tally);
  const rows = funnelRows(total);
  return {
    period,
    asOf,
    mode,
    by,
    total: rows,
    groups: by === undefined ? [] : ordered(tallies, by, options.top),
    noLeads: rows.every((row) => row.leads === 0) ? await leadsOnFile(tx) : undefined,
  };
}

/**
 * Per lead, a number (0 for a lead not seen yet): in an array by id for the ids a file gives
 * (from 1 up), where a Map of 300,000 leads cost a tenth of the activity funnel; in a Map for
 * any other id.
 */
class RunsByLead {
  private static readonly denseIds = 1 << 24;
  private dense = new Int32Array(1024);
  private readonly sparse = new Map<number, number>();

  get(id: number): number {
    if (id >= 0 && id < this.dense.length) return this.dense[id] as number;
    return id >= 0 && id < RunsByLead.denseIds ? 0 : (this.sparse.get(id) ?? 0);
  }

  set(id: number, value: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < RunsByLead.denseIds)) {
      this.sparse.set(id, value);
      return;
    }
    if (id >= this.dense.length) {
      let length = this.dense.length;
      while (length <= id) length *= 2;
      const grown = new Int32Array(Math.min(length, RunsByLead.denseIds));
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[id] = value;
  }
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
    const wall = wallTime(from);
    const next = teamDate(wall.year, wall.month + 1, 1);
    const to = next.getTime() < period.to.getTime() ? next : period.to;
    slices.push({ from: from.toISOString(), to: to.toISOString() });
    from = to;
  }
  return slices;
}

/**
 * The group a lead (or its move at `at`) falls in, from the lead's value of the field the
 * groups come from (its owner for a team; none by month or quarter).
 */
async function grouper(
  tx: ReadTx,
  by: FunnelGroup | undefined,
  fiscal: FiscalCalendar,
): Promise<(value: string | null, at: string) => string> {
  switch (by) {
    case undefined:
      return () => "all";
    case "source":
      return (source) => source ?? "(no source)";
    case "campaign":
      return (campaign) => campaign ?? "(no campaign)";
    case "owner":
      return (owner) => owner ?? "(unassigned)";
    case "team": {
      const teams = new Map((await listReps(tx)).map((rep) => [rep.handle, rep.team]));
      return (owner) => (owner === null ? "(unassigned)" : (teams.get(owner) ?? "(no team)"));
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

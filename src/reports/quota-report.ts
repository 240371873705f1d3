import { localDay, startOfLocalDay } from "../domain/dates.js";
import { weightedHundredths } from "../domain/money.js";
import type { Period } from "../domain/periods.js";
import { type Pipeline, stageProbability } from "../domain/pipeline.js";
import {
  coveredElapsedShare,
  elapsedShare,
  type PeriodStatus,
  periodStatus,
  type QuotaSpan,
  type ResolvedQuota,
  resolveQuota,
  type Span,
} from "../domain/quota-math.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import {
  addTallies,
  emptyTally,
  ownBasis,
  type QuotaPart,
  type QuotaRowFigures,
  quotaRowFigures,
  sumBasis,
  type Tally,
} from "../domain/quota-rollup.js";
import { namesRep, type RepRole } from "../domain/reps.js";
import { teamDate, wallTime } from "../domain/time-zone.js";
import { closedDealsByOwner, openPipelineByOwner } from "../store/deals.js";
import { listQuotas, type StoredQuota } from "../store/quotas.js";
import { listReps, type Rep } from "../store/reps.js";
import { databaseCurrency } from "../store/settings.js";
import { stageArrivalsByActor } from "../store/stage-events.js";
import type { ReadTx } from "../store/store.js";

export type QuotaLevel = "rep" | "team" | "manager";

export interface QuotaReportRow extends QuotaRowFigures {
  readonly name: string;
  readonly kind: QuotaLevel | "total";
  /** Reps the row adds up (1 for a rep). */
  readonly reps: number;
}

export interface QuotaReport {
  readonly period: Period;
  readonly asOf: Date;
  readonly status: PeriodStatus;
  readonly elapsed: number;
  readonly metric: QuotaMetric;
  readonly by: QuotaLevel;
  readonly weighted: boolean;
  readonly currency: string;
  readonly rows: readonly QuotaReportRow[];
  readonly total: QuotaReportRow;
  /** Things a reader should know: stages the pipeline lacks, reps without a team. */
  readonly notes: readonly string[];
}

/** Roles whose work a metric counts: who gets a row even with nothing to show yet. */
const rolesOf: Record<QuotaMetric, readonly RepRole[]> = {
  revenue: ["ae", "am", "sdr", "manager"],
  deals: ["ae", "am", "sdr", "manager"],
  mqls: ["marketing"],
  sals: ["ae", "am", "sdr", "manager"],
};

/**
 * The quota report (GUIDE §3): per rep, team or manager, the quota for the period, what was
 * achieved by `asOf`, and attainment, pacing, projection, gap, win rate and coverage.
 */
export async function buildQuotaReport(
  tx: ReadTx,
  options: {
    period: Period;
    asOf: Date;
    by: QuotaLevel;
    metric: QuotaMetric;
    weighted: boolean;
    pipeline: Pipeline;
  },
): Promise<QuotaReport> {
  const { period, asOf, metric } = options;
  const elapsed = elapsedShare(period, asOf);
  const from = period.from.toISOString();
  const reps = await listReps(tx);
  const notes: string[] = [];
  const whole = await repTallies(tx, reps, { ...options, spans: [period], notes });
  const tallies = whole.tallies;
  // What each rep did in the time a quota covers (most often the whole period: counted once).
  const spanKey = (spans: readonly Span[]) =>
    spans.map((span) => `${span.from.getTime()}-${span.to.getTime()}`).join(",");
  const tallied = new Map([[spanKey([period]), tallies]]);
  const talliesOver = async (spans: readonly Span[]) => {
    const key = spanKey(spans);
    const known = tallied.get(key);
    if (known !== undefined) return known;
    const counted = (await repTallies(tx, reps, { ...options, spans, notes: [] })).tallies;
    tallied.set(key, counted);
    return counted;
  };
  const quotas = await listQuotas(tx, {
    metric,
    from: localDay(from),
    to: localDay(new Date(period.to.getTime() + 86_399_999).toISOString()),
  });
  const quotaOf = (rows: readonly StoredQuota[]) => resolveQuota(period, rows.map(toSpan));
  /** A quota, with what the reps it is for did in the time it covers. */
  const part = async (
    owner: string,
    quota: ResolvedQuota,
    members: readonly Rep[],
  ): Promise<QuotaPart> => {
    const covered = await talliesOver(quota.covered);
    return {
      owner,
      quota,
      reps: members.map((rep) => rep.handle),
      covered: addTallies(members.map((rep) => covered.get(rep.id) ?? emptyTally)),
      elapsed: coveredElapsedShare(quota.covered, asOf),
    };
  };
  const repPart = new Map<number, QuotaPart>();
  for (const rep of reps) {
    const quota = quotaOf(quotas.filter((row) => row.rep_id === rep.id));
    if (quota !== undefined) repPart.set(rep.id, await part(rep.handle, quota, [rep]));
  }
  const pipelineApplies = metric === "revenue" || metric === "deals";
  const row = (
    name: string,
    kind: QuotaReportRow["kind"],
    members: readonly Rep[],
    parts: readonly QuotaPart[],
    basis: string | null = sumBasis(parts, members.length),
  ): QuotaReportRow => ({
    name,
    kind,
    reps: members.length,
    ...quotaRowFigures({
      members: members.map((rep) => rep.handle),
      all: addTallies(members.map((rep) => tallies.get(rep.id) ?? emptyTally)),
      parts,
      basis,
      elapsed,
      pipelineApplies,
      money: metric === "revenue",
      weighted: options.weighted,
    }),
  });
  const repParts = (members: readonly Rep[]) => members.flatMap((rep) => repPart.get(rep.id) ?? []);

  const shownReps = reps.filter(
    (rep) =>
      repPart.has(rep.id) ||
      tallies.has(rep.id) ||
      (rep.active && rolesOf[metric].includes(rep.role)),
  );
  /** The quotas of the team rows, which the total adds up. */
  const teamParts: QuotaPart[] = [];
  let rows: QuotaReportRow[];
  switch (options.by) {
    case "rep":
      rows = shownReps.map((rep) => {
        const own = repPart.get(rep.id);
        return own === undefined
          ? row(rep.handle, "rep", [rep], [])
          : row(rep.handle, "rep", [rep], [own], ownBasis(own));
      });
      break;
    case "team": {
      rows = [];
      for (const [team, members] of groupBy(shownReps, (rep) => rep.team ?? "(no team)")) {
        const quota = quotaOf(
          quotas.filter((row) => row.team?.toLowerCase() === team.toLowerCase()),
        );
        // A team:NAME quota is for all the team's work, and wins over its reps' own quotas.
        const own = quota === undefined ? undefined : await part(`team:${team}`, quota, members);
        const parts = own === undefined ? repParts(members) : [own];
        teamParts.push(...parts);
        rows.push(
          own === undefined
            ? row(team, "team", members, parts)
            : row(team, "team", members, parts, ownBasis(own)),
        );
      }
      break;
    }
    case "manager": {
      // A manager's row holds their direct reports and their own deals and quota.
      const byHandle = new Map(reps.map((rep) => [rep.handle, rep]));
      // A manager cell written before its manager was a rep names them by name: that is them.
      const managerOf = (rep: Rep): string | null =>
        rep.manager === null
          ? null
          : ((
              byHandle.get(rep.manager) ??
              reps.find((other) => other.id !== rep.id && namesRep(rep.manager as string, other))
            )?.handle ?? rep.manager);
      const managed = shownReps.filter((rep) => rep.manager !== null);
      const managers = [...new Set(managed.map((rep) => managerOf(rep) as string))].sort();
      rows = managers.map((manager) => {
        const own = byHandle.get(manager);
        const reports = managed.filter((rep) => managerOf(rep) === manager);
        const members = own === undefined ? reports : [own, ...reports];
        // A manager's own quota is theirs, like any rep's: the row adds it to their reports'.
        return row(own?.handle ?? manager, "manager", members, repParts(members));
      });
      const unmanaged = shownReps.filter(
        (rep) => rep.manager === null && !managers.includes(rep.handle),
      );
      if (unmanaged.length > 0)
        notes.push(
          `${unmanaged.length} rep(s) with no manager are in the total only: ${unmanaged.map((rep) => rep.handle).join(", ")}`,
        );
      break;
    }
  }
  // Teams partition the reps, so their quotas add up; managers nest (a manager can report to
  // another), so the total counts each rep's quota once.
  const total =
    options.by === "team"
      ? row(
          "total",
          "total",
          shownReps,
          teamParts,
          teamParts.length === 0 ? null : "sum of the team quotas",
        )
      : row("total", "total", shownReps, repParts(shownReps));
  const partial = [...rows, total].filter((line) => line.leftOut !== null);
  if (partial.length > 0)
    notes.push(
      "uncovered = achieved outside what the row's quota covers (reps or months without one); attainment, pacing, projection, gap and coverage count only what it covers",
      ...partial.map((line) => `${line.name} leaves out ${line.leftOut}`),
    );
  // MQLs and SALs moved by imports, scoring or people who are not reps are nobody's to count.
  const achieved = [...tallies.values()].reduce((sum, tally) => sum + tally.achieved, 0);
  if (whole.everyone !== undefined && whole.everyone > achieved)
    notes.push(
      `${whole.everyone - achieved} of the ${whole.everyone} ${metric === "mqls" ? "MQLs" : "SALs"} in the period were moved by imports or by people who are not reps; no row counts them`,
    );
  return {
    period,
    asOf,
    status: periodStatus(elapsed),
    elapsed,
    metric,
    by: options.by,
    weighted: options.weighted,
    currency: await databaseCurrency(tx),
    rows,
    total,
    notes,
  };
}

function toSpan(quota: StoredQuota): QuotaSpan {
  return {
    from: startOfLocalDay(quota.period_from),
    to: startOfLocalDay(quota.period_to),
    label: quota.period,
    target: quota.target,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Each rep's tally (by rep id), for reps with anything to count, over some spans of the period:
 * what happened up to the as-of date only, so that a report --as-of a past day is that day's.
 */
async function repTallies(
  tx: ReadTx,
  reps: readonly Rep[],
  options: {
    asOf: Date;
    spans: readonly Span[];
    metric: QuotaMetric;
    pipeline: Pipeline;
    notes: string[];
  },
): Promise<{ tallies: Map<number, Tally>; everyone: number | undefined }> {
  const { asOf, metric } = options;
  const tallies = new Map<number, Tally>();
  let everyone: number | undefined;
  const add = (repId: number, part: Partial<Tally>) => {
    const current = tallies.get(repId) ?? emptyTally;
    tallies.set(repId, addTallies([current, { ...emptyTally, ...part }]));
  };
  const byHandle = new Map(reps.map((rep) => [rep.handle, rep.id]));
  const unknown = new Map<string, number>();
  // Deals open at the as-of date are expected to close between that day and a span's end.
  const wall = wallTime(asOf);
  const day = teamDate(wall.year, wall.month, wall.day);
  for (const span of options.spans) {
    const from = span.from.toISOString();
    const end = new Date(
      Math.min(span.to.getTime(), Math.max(asOf.getTime(), span.from.getTime())),
    ).toISOString();
    for (const closed of await closedDealsByOwner(tx, from, end)) {
      add(closed.owner_id, {
        won: closed.won,
        wonAmount: closed.won_amount,
        lost: closed.lost,
        achieved: metric === "revenue" ? closed.won_amount : metric === "deals" ? closed.won : 0,
      });
    }
    if (metric === "mqls" || metric === "sals") {
      for (const arrival of await stageArrivalsByActor(
        tx,
        metric === "mqls" ? "mql" : "sal",
        from,
        end,
      )) {
        if (arrival.actor === null) everyone = (everyone ?? 0) + arrival.leads;
        else {
          const repId = byHandle.get(arrival.actor);
          if (repId !== undefined) add(repId, { achieved: arrival.leads });
        }
      }
    }
    if ((metric === "revenue" || metric === "deals") && asOf < span.to) {
      const closeFrom = day.getTime() > span.from.getTime() ? day : span.from;
      for (const open of await openPipelineByOwner(
        tx,
        asOf.toISOString(),
        closeFrom.toISOString(),
        span.to.toISOString(),
      )) {
        const probability = stageProbability(open.stage, options.pipeline);
        if (probability === undefined)
          unknown.set(open.stage, (unknown.get(open.stage) ?? 0) + open.deals);
        const value = metric === "revenue" ? open.amount : open.deals;
        add(open.owner_id, {
          pipeline: value,
          weightedPipeline: weightedHundredths(value, probability ?? 0),
        });
      }
    }
  }
  if (unknown.size > 0)
    options.notes.push(
      `open deals at stages the pipeline does not know count at 0 % weighted: ${[...unknown]
        .map(([stage, deals]) => `${stage} (${deals})`)
        .join(
          ", ",
        )}; give them a probability in the configuration ("pipeline") (funnel config export, then funnel config load)`,
    );
  return { tallies, everyone };
}

import { localDay, startOfLocalDay } from "../domain/dates.js";
import { weightedHundredths } from "../domain/money.js";
import type { Period } from "../domain/periods.js";
import { type Pipeline, stageProbability } from "../domain/pipeline.js";
import {
  elapsedShare,
  type PeriodStatus,
  periodStatus,
  type QuotaSpan,
  type ResolvedQuota,
  resolveQuota,
} from "../domain/quota-math.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import {
  addTallies,
  emptyTally,
  groupQuota,
  type QuotaRowFigures,
  quotaRowFigures,
  type Tally,
} from "../domain/quota-rollup.js";
import type { RepRole } from "../domain/reps.js";
import type { Db } from "../store/database.js";
import { closedDealsByOwner, openPipelineByOwner } from "../store/deals-store.js";
import { listQuotas, type StoredQuota } from "../store/quotas-store.js";
import { listReps, type Rep } from "../store/reps-store.js";
import { databaseCurrency } from "../store/settings-store.js";
import { stageArrivalsByActor } from "../store/stage-events-store.js";

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
export function buildQuotaReport(
  db: Db,
  options: {
    period: Period;
    asOf: Date;
    by: QuotaLevel;
    metric: QuotaMetric;
    weighted: boolean;
    pipeline: Pipeline;
  },
): QuotaReport {
  const { period, asOf, metric } = options;
  const elapsed = elapsedShare(period, asOf);
  const from = period.from.toISOString();
  // What happened up to the as-of date only: a report --as-of a past day is that day's report.
  const end = new Date(
    Math.min(period.to.getTime(), Math.max(asOf.getTime(), period.from.getTime())),
  );
  const reps = listReps(db);
  const notes: string[] = [];
  const { tallies, everyone } = repTallies(db, reps, { ...options, end, elapsed, notes });
  const quotas = listQuotas(db, {
    metric,
    from: localDay(from),
    to: localDay(new Date(period.to.getTime() + 86_399_999).toISOString()),
  });
  const quotaOf = (rows: readonly StoredQuota[]) => resolveQuota(period, rows.map(toSpan));
  const repQuota = new Map(
    reps.map((rep) => [rep.id, quotaOf(quotas.filter((quota) => quota.rep_id === rep.id))]),
  );
  const pipelineApplies = metric === "revenue" || metric === "deals";
  const row = (
    name: string,
    kind: QuotaReportRow["kind"],
    members: readonly Rep[],
    quota: ResolvedQuota | undefined,
    tally: Tally = addTallies(members.map((rep) => tallies.get(rep.id) ?? emptyTally)),
  ): QuotaReportRow => {
    if (kind !== "total") rowQuotas.push(quota);
    return {
      name,
      kind,
      reps: members.length,
      ...quotaRowFigures({
        tally,
        quota,
        elapsed,
        pipelineApplies,
        money: metric === "revenue",
        weighted: options.weighted,
      }),
    };
  };
  /** The quota of each row made so far, for the total. */
  const rowQuotas: (ResolvedQuota | undefined)[] = [];

  const shownReps = reps.filter(
    (rep) =>
      repQuota.get(rep.id) !== undefined ||
      tallies.has(rep.id) ||
      (rep.active && rolesOf[metric].includes(rep.role)),
  );
  let rows: QuotaReportRow[];
  switch (options.by) {
    case "rep":
      rows = shownReps.map((rep) => row(rep.handle, "rep", [rep], repQuota.get(rep.id)));
      break;
    case "team": {
      rows = groupBy(shownReps, (rep) => rep.team ?? "(no team)").map(([team, members]) =>
        row(
          team,
          "team",
          members,
          groupQuota(
            quotaOf(quotas.filter((quota) => quota.team?.toLowerCase() === team.toLowerCase())),
            members.map((rep) => repQuota.get(rep.id)),
          ),
        ),
      );
      break;
    }
    case "manager": {
      // A manager's row holds their direct reports and their own deals and quota.
      const byHandle = new Map(reps.map((rep) => [rep.handle, rep]));
      const managed = shownReps.filter((rep) => rep.manager !== null);
      const managers = [...new Set(managed.map((rep) => rep.manager as string))].sort();
      rows = managers.map((manager) => {
        const own = byHandle.get(manager);
        const reports = managed.filter((rep) => rep.manager === manager);
        const members = own === undefined ? reports : [own, ...reports];
        return row(
          own?.handle ?? manager,
          "manager",
          members,
          // A manager's own quota is theirs, like any rep's: the row adds it to their reports'.
          groupQuota(
            undefined,
            members.map((rep) => repQuota.get(rep.id)),
          ),
        );
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
  const allTally = addTallies([...tallies.values()]);
  // Teams partition the reps, so their quotas add up; managers nest (a manager can report to
  // another), so the total counts each rep's quota once.
  const totalQuota =
    options.by === "team"
      ? groupQuota(undefined, rowQuotas)
      : groupQuota(
          undefined,
          shownReps.map((rep) => repQuota.get(rep.id)),
        );
  const total = row(
    "total",
    "total",
    shownReps,
    totalQuota === undefined
      ? undefined
      : {
          ...totalQuota,
          basis: options.by === "team" ? "sum of the team quotas" : totalQuota.basis,
        },
    allTally,
  );
  // MQLs and SALs moved by imports, scoring or people who are not reps are nobody's to count.
  if (everyone !== undefined && everyone > allTally.achieved)
    notes.push(
      `${everyone - allTally.achieved} of the ${everyone} ${metric === "mqls" ? "MQLs" : "SALs"} in the period were moved by imports or by people who are not reps; no row counts them`,
    );
  return {
    period,
    asOf,
    status: periodStatus(elapsed),
    elapsed,
    metric,
    by: options.by,
    weighted: options.weighted,
    currency: databaseCurrency(db),
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

/** Each rep's tally (by rep id), for reps with anything to count. */
function repTallies(
  db: Db,
  reps: readonly Rep[],
  options: {
    period: Period;
    asOf: Date;
    end: Date;
    elapsed: number;
    metric: QuotaMetric;
    pipeline: Pipeline;
    notes: string[];
  },
): { tallies: Map<number, Tally>; everyone: number | undefined } {
  const { period, end, metric } = options;
  const tallies = new Map<number, Tally>();
  let everyone: number | undefined;
  const add = (repId: number, part: Partial<Tally>) => {
    const current = tallies.get(repId) ?? emptyTally;
    tallies.set(repId, addTallies([current, { ...emptyTally, ...part }]));
  };
  for (const closed of closedDealsByOwner(db, period.from.toISOString(), end.toISOString())) {
    add(closed.owner_id, {
      won: closed.won,
      wonAmount: closed.won_amount,
      lost: closed.lost,
      achieved: metric === "revenue" ? closed.won_amount : metric === "deals" ? closed.won : 0,
    });
  }
  if (metric === "mqls" || metric === "sals") {
    const byHandle = new Map(reps.map((rep) => [rep.handle, rep.id]));
    const arrivals = stageArrivalsByActor(
      db,
      metric === "mqls" ? "mql" : "sal",
      period.from.toISOString(),
      end.toISOString(),
    );
    for (const arrival of arrivals) {
      if (arrival.actor === null) everyone = arrival.leads;
      else {
        const repId = byHandle.get(arrival.actor);
        if (repId !== undefined) add(repId, { achieved: arrival.leads });
      }
    }
  }
  if ((metric === "revenue" || metric === "deals") && options.elapsed < 1) {
    // Deals open at the as-of date, expected to close between that day and the period's end.
    const day = new Date(
      options.asOf.getFullYear(),
      options.asOf.getMonth(),
      options.asOf.getDate(),
    );
    const closeFrom = day > period.from ? day : period.from;
    const unknown = new Map<string, number>();
    for (const open of openPipelineByOwner(
      db,
      options.asOf.toISOString(),
      closeFrom.toISOString(),
      period.to.toISOString(),
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
    if (unknown.size > 0)
      options.notes.push(
        `open deals at stages the pipeline does not know count at 0 % weighted: ${[...unknown]
          .map(([stage, deals]) => `${stage} (${deals})`)
          .join(", ")}; give them a probability in funnel.config.json "pipeline"`,
      );
  }
  return { tallies, everyone };
}

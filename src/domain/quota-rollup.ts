import { roundedShare, roundHundredths, sumAmounts } from "./money.js";
import { monthRanges, type QuotaFigures, quotaFigures, type ResolvedQuota } from "./quota-math.js";

/** What one rep (or a group of reps) did in a period. Money in minor units, added exactly. */
export interface Tally {
  /** Deals won and their amount, deals lost, in the period. */
  readonly won: number;
  readonly wonAmount: number;
  readonly lost: number;
  /** The quota metric's achievement: revenue won, deals won, MQLs or SALs. */
  readonly achieved: number;
  /** Open pipeline expected to close in the rest of the period, in the metric's unit. */
  readonly pipeline: number;
  /** The pipeline times each deal's stage probability, in hundredths of its unit (exact). */
  readonly weightedPipeline: bigint;
}

export const emptyTally: Tally = {
  won: 0,
  wonAmount: 0,
  lost: 0,
  achieved: 0,
  pipeline: 0,
  weightedPipeline: 0n,
};

export function addTallies(tallies: readonly Tally[]): Tally {
  return tallies.reduce(
    (sum, tally) => ({
      won: sum.won + tally.won,
      wonAmount: sumAmounts([sum.wonAmount, tally.wonAmount]),
      lost: sum.lost + tally.lost,
      achieved: sumAmounts([sum.achieved, tally.achieved]),
      pipeline: sumAmounts([sum.pipeline, tally.pipeline]),
      weightedPipeline: sum.weightedPipeline + tally.weightedPipeline,
    }),
    emptyTally,
  );
}

/**
 * A quota and what it is for: the reps whose work counts towards it (a rep's own quota, or a
 * team's for its members) and what they did in the time it covers.
 */
export interface QuotaPart {
  /** Whose quota: a rep's handle, or `team:NAME`. */
  readonly owner: string;
  readonly quota: ResolvedQuota;
  /** Handles of the reps whose work counts towards it. */
  readonly reps: readonly string[];
  /** What those reps did in the time the quota covers (`quota.covered`). */
  readonly covered: Tally;
  /** The share of that time passed by the as-of date (0-1). */
  readonly elapsed: number;
}

/** The basis of a row whose quota is its own (a rep's, a team:NAME one), naming months it lacks. */
export function ownBasis(part: QuotaPart): string {
  const { basis, uncovered } = part.quota;
  return uncovered.length === 0 ? basis : `${basis} (no quota for ${monthRanges(uncovered)})`;
}

/** The basis of a row that adds up its reps' quotas, saying how many of them had one. */
export function sumBasis(parts: readonly QuotaPart[], members: number): string | null {
  if (parts.length === 0) return null;
  const reps = new Set(parts.flatMap((part) => part.reps)).size;
  const of = reps === members ? "" : ` (${reps} of ${members} have one)`;
  return `sum of ${parts.length} rep quota${parts.length === 1 ? "" : "s"}${of}`;
}

const listed = 10;

/** What a row's quotas leave out, in words: reps without one, months a quota lacks. */
export function leftOut(members: readonly string[], parts: readonly QuotaPart[]): string | null {
  if (parts.length === 0) return null;
  const covered = new Set(parts.flatMap((part) => part.reps));
  const without = members.filter((rep) => !covered.has(rep));
  const items: string[] = [];
  if (without.length > 0) {
    const names = without.slice(0, listed).join(", ");
    const more = without.length > listed ? ` and ${without.length - listed} more` : "";
    items.push(`${names}${more} (no quota)`);
  }
  for (const part of parts) {
    if (part.quota.uncovered.length === 0) continue;
    const months = monthRanges(part.quota.uncovered);
    // A row with one quota for all its reps lacks months; a sum, months of one of its quotas.
    items.push(parts.length === 1 && without.length === 0 ? months : `${part.owner} in ${months}`);
  }
  return items.length === 0 ? null : items.join("; ");
}

export interface QuotaRowFigures extends QuotaFigures {
  readonly quota: number | null;
  readonly basis: string | null;
  /** What the quota covers achieved (its reps in its time); everything when there is no quota. */
  readonly achieved: number;
  /** What the row's reps achieved outside what the quota covers; null without a quota. */
  readonly uncovered: number | null;
  /** The reps and months the quota leaves out, in words; null when it covers the whole row. */
  readonly leftOut: string | null;
  /** Handles of the reps the quota is for: attainments compare over time for the same reps only. */
  readonly coveredReps: readonly string[];
  readonly won: number;
  readonly lost: number;
  /** Revenue won ÷ deals won, to the minor unit. */
  readonly averageDeal: number | null;
  /** Won ÷ (won + lost), in %. */
  readonly winRatePct: number | null;
  /** Null once the period is over, or for metrics no deal pipeline feeds (MQLs, SALs). */
  readonly pipeline: number | null;
  readonly weightedPipeline: number | null;
}

/**
 * Every figure of one report row. What is compared with the quota (achieved, pacing, projection,
 * gap, coverage) counts only what its quotas cover: their reps in their time. Won, lost, average
 * deal, win rate and pipeline count every deal of the row's reps in the period.
 */
export function quotaRowFigures(input: {
  /** Handles of the row's reps. */
  members: readonly string[];
  /** What the row's reps did in the whole period. */
  all: Tally;
  /** The row's quota: none, its own (one part), or its reps' (one part per rep with one). */
  parts: readonly QuotaPart[];
  basis: string | null;
  /** The share of the period passed (0-1). */
  elapsed: number;
  /** Whether deals feed the metric (revenue, deals), so that pipeline and coverage mean something. */
  pipelineApplies: boolean;
  /** Whether the metric is money, whose weighted pipeline rounds to whole minor units. */
  money: boolean;
  weighted: boolean;
}): QuotaRowFigures {
  const { all, parts } = input;
  const hasQuota = parts.length > 0;
  const counted = hasQuota ? addTallies(parts.map((part) => part.covered)) : all;
  const target = hasQuota ? sumAmounts(parts.map((part) => part.quota.target)) : null;
  const showPipeline = input.pipelineApplies && input.elapsed < 1;
  const weighted = (tally: Tally) =>
    input.money ? roundHundredths(tally.weightedPipeline) : Number(tally.weightedPipeline) / 100;
  const figures = quotaFigures({
    quota: target,
    achieved: counted.achieved,
    // The pace through the time the quotas cover, each weighted by its target.
    elapsed: hasQuota ? quotaElapsed(parts) : input.elapsed,
    pipeline: showPipeline ? (input.weighted ? weighted(counted) : counted.pipeline) : null,
  });
  return {
    ...figures,
    quota: target,
    basis: input.basis,
    achieved: counted.achieved,
    uncovered: hasQuota ? all.achieved - counted.achieved : null,
    leftOut: leftOut(input.members, parts),
    coveredReps: [...new Set(parts.flatMap((part) => part.reps))].sort(),
    won: all.won,
    lost: all.lost,
    averageDeal: all.won === 0 ? null : roundedShare(all.wonAmount, all.won),
    winRatePct: all.won + all.lost === 0 ? null : (100 * all.won) / (all.won + all.lost),
    pipeline: showPipeline ? all.pipeline : null,
    weightedPipeline: showPipeline ? weighted(all) : null,
  };
}

/** Whether two periods' attainments of a row compare: their quotas are for the same reps. */
export function sameQuotaReps(
  a: Pick<QuotaRowFigures, "coveredReps">,
  b: Pick<QuotaRowFigures, "coveredReps">,
): boolean {
  return a.coveredReps.join(",") === b.coveredReps.join(",");
}

/** The elapsed share of several quotas' times, weighted by target (evenly when all are 0). */
function quotaElapsed(parts: readonly QuotaPart[]): number {
  const total = parts.reduce((sum, part) => sum + part.quota.target, 0);
  return total > 0
    ? parts.reduce((sum, part) => sum + part.quota.target * part.elapsed, 0) / total
    : parts.reduce((sum, part) => sum + part.elapsed, 0) / parts.length;
}

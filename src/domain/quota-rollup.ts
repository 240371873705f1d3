import { roundedShare, roundHundredths, sumAmounts } from "./money.js";
import { type QuotaFigures, quotaFigures, type ResolvedQuota } from "./quota-math.js";

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
 * A group's quota: its own (a team:NAME quota, a manager's) when set, else the sum of its
 * reps' quotas, saying how many of them had one.
 */
export function groupQuota(
  own: ResolvedQuota | undefined,
  members: readonly (ResolvedQuota | undefined)[],
): ResolvedQuota | undefined {
  if (own !== undefined) return own;
  const set = members.filter((quota): quota is ResolvedQuota => quota !== undefined);
  if (set.length === 0) return undefined;
  const of = set.length === members.length ? "" : ` (${set.length} of ${members.length} have one)`;
  return {
    target: sumAmounts(set.map((quota) => quota.target)),
    basis: `sum of ${set.length} rep quota${set.length === 1 ? "" : "s"}${of}`,
    uncovered: [...new Set(set.flatMap((quota) => quota.uncovered))].sort(),
  };
}

export interface QuotaRowFigures extends QuotaFigures {
  readonly quota: number | null;
  readonly basis: string | null;
  readonly achieved: number;
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

/** Every figure of one report row. `elapsed`: the share of the period passed (0-1). */
export function quotaRowFigures(input: {
  tally: Tally;
  quota: ResolvedQuota | undefined;
  elapsed: number;
  /** Whether deals feed the metric (revenue, deals), so that pipeline and coverage mean something. */
  pipelineApplies: boolean;
  /** Whether the metric is money, whose weighted pipeline rounds to whole minor units. */
  money: boolean;
  weighted: boolean;
}): QuotaRowFigures {
  const { tally, quota, elapsed } = input;
  const showPipeline = input.pipelineApplies && elapsed < 1;
  const pipeline = showPipeline ? tally.pipeline : null;
  const weightedPipeline = !showPipeline
    ? null
    : input.money
      ? roundHundredths(tally.weightedPipeline)
      : Number(tally.weightedPipeline) / 100;
  // A quota for only part of the period says nothing about the pace through the rest of it.
  const partial = quota !== undefined && quota.uncovered.length > 0;
  const basis =
    quota === undefined
      ? null
      : partial
        ? `${quota.basis} (no quota for ${quota.uncovered.join(", ")}: no pacing)`
        : quota.basis;
  const figures = quotaFigures({
    quota: quota?.target ?? null,
    achieved: tally.achieved,
    elapsed,
    pipeline: input.weighted ? weightedPipeline : pipeline,
  });
  return {
    ...figures,
    ...(partial ? { expected: null, pacingPct: null, projection: null, coverage: null } : {}),
    quota: quota?.target ?? null,
    basis,
    achieved: tally.achieved,
    won: tally.won,
    lost: tally.lost,
    averageDeal: tally.won === 0 ? null : roundedShare(tally.wonAmount, tally.won),
    winRatePct: tally.won + tally.lost === 0 ? null : (100 * tally.won) / (tally.won + tally.lost),
    pipeline,
    weightedPipeline,
  };
}

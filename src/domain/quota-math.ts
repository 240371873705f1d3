import { exactTotal } from "./money.js";
import { addMonths, monthsBetween, startOfMonth, wallTime } from "./time-zone.js";

/**
 * Quota maths (GUIDE §3): which quota applies to a period, and attainment, pacing,
 * projection, gap and coverage. Pure: dates in, numbers out.
 */

/** A quota as set: a target for a month, quarter or year. */
export interface QuotaSpan {
  readonly from: Date;
  readonly to: Date;
  /** `2026-10`, `2026-Q4`, `2026`. */
  readonly label: string;
  readonly target: number;
}

/** A stretch of time, [from, to). */
export interface Span {
  readonly from: Date;
  readonly to: Date;
}

export interface ResolvedQuota {
  readonly target: number;
  /** Which quotas made it up: `2026-Q4`, `2026-10 + 2026-11 + 2026-12`, `2026-Q4 × 1/3`. */
  readonly basis: string;
  /** Months of the period no quota covered (the target leaves them out). */
  readonly uncovered: readonly string[];
  /** The parts of the period the target is for, in order: what is achieved there compares with it. */
  readonly covered: readonly Span[];
}

const monthsIn = (span: { from: Date; to: Date }) => monthsBetween(span.to, span.from);

function fractionText(fraction: number, months: number): string {
  if (Math.abs(fraction - 1) < 1e-9) return "";
  const parts = fraction * months;
  if (Math.abs(parts - Math.round(parts)) < 1e-9) {
    let [top, bottom] = [Math.round(parts), months];
    for (let d = top; d > 1; d--) {
      if (top % d === 0 && bottom % d === 0) {
        top /= d;
        bottom /= d;
        break;
      }
    }
    return ` × ${top}/${bottom}`;
  }
  return ` × ${Math.round(fraction * 1000) / 10}%`;
}

/**
 * The quota for `period`: one set for exactly that period; else built month by month, each
 * month taking its own monthly quota or its share of the shortest quarter or year quota that
 * holds it (a third of a quarter, a twelfth of a year), and a month cut by the period's edges
 * its share by time. Undefined when no quota covers any of it.
 */
export function resolveQuota(
  period: { from: Date; to: Date },
  quotas: readonly QuotaSpan[],
): ResolvedQuota | undefined {
  const exact = quotas.find(
    (quota) =>
      quota.from.getTime() === period.from.getTime() && quota.to.getTime() === period.to.getTime(),
  );
  if (exact !== undefined)
    return {
      target: exact.target,
      basis: exact.label,
      uncovered: [],
      covered: [{ from: period.from, to: period.to }],
    };
  const used = new Map<QuotaSpan, number>();
  const uncovered: string[] = [];
  const covered: Span[] = [];
  let target = 0;
  for (let month = startOfMonth(period.from); month < period.to; month = addMonths(month, 1)) {
    const end = addMonths(month, 1);
    const overlap =
      (Math.min(end.getTime(), period.to.getTime()) -
        Math.max(month.getTime(), period.from.getTime())) /
      (end.getTime() - month.getTime());
    const holder = quotas
      .filter((quota) => quota.from <= month && quota.to >= end)
      .sort((a, b) => monthsIn(a) - monthsIn(b))[0];
    if (holder === undefined) {
      const wall = wallTime(month);
      uncovered.push(`${wall.year}-${String(wall.month + 1).padStart(2, "0")}`);
      continue;
    }
    const share = overlap / monthsIn(holder);
    target += holder.target * share;
    used.set(holder, (used.get(holder) ?? 0) + share);
    const from = new Date(Math.max(month.getTime(), period.from.getTime()));
    const to = new Date(Math.min(end.getTime(), period.to.getTime()));
    const last = covered[covered.length - 1];
    if (last !== undefined && last.to.getTime() === from.getTime())
      covered[covered.length - 1] = { from: last.from, to };
    else covered.push({ from, to });
  }
  if (used.size === 0) return undefined;
  const basis = [...used]
    .map(([quota, fraction]) => `${quota.label}${fractionText(fraction, monthsIn(quota))}`)
    .join(" + ");
  // Whole-month shares of whole minor units add exactly below 2^53; a third of a quarter rounds.
  return { target: exactTotal(Math.round(target)), basis, uncovered, covered };
}

/** Months as people read a list of them: runs joined, `2026-01 to 2026-06, 2026-10`. */
export function monthRanges(months: readonly string[]): string {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  const runs: string[][] = [];
  for (const month of [...months].sort()) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run !== undefined && last !== undefined && index(month) === index(last) + 1)
      run.push(month);
    else runs.push([month]);
  }
  return runs
    .map((run) => (run.length === 1 ? run[0] : `${run[0]} to ${run[run.length - 1]}`))
    .join(", ");
}

/** How much of [from, to) has passed at `asOf`: 0 before it starts, 1 once it has ended. */
export function elapsedShare(period: Span, asOf: Date): number {
  return coveredElapsedShare([period], asOf);
}

/** How much of the time in `spans` has passed at `asOf` (1 for no time at all). */
export function coveredElapsedShare(spans: readonly Span[], asOf: Date): number {
  let length = 0;
  let passed = 0;
  for (const span of spans) {
    const size = span.to.getTime() - span.from.getTime();
    length += Math.max(0, size);
    passed += Math.min(Math.max(0, size), Math.max(0, asOf.getTime() - span.from.getTime()));
  }
  return length <= 0 ? 1 : passed / length;
}

export type PeriodStatus = "closed" | "in progress" | "not started";

/** Where a report's as-of date stands in its period, from `elapsedShare`. */
export function periodStatus(elapsed: number): PeriodStatus {
  return elapsed >= 1 ? "closed" : elapsed > 0 ? "in progress" : "not started";
}

export interface QuotaFigures {
  /** achieved ÷ quota, in %. */
  readonly attainmentPct: number | null;
  /** quota × elapsed share: where a rep on pace would be by now (periods in progress). */
  readonly expected: number | null;
  /** achieved ÷ expected, in % (periods in progress). */
  readonly pacingPct: number | null;
  /** achieved ÷ elapsed share: the period's end at this pace (periods in progress). */
  readonly projection: number | null;
  /** quota − achieved (negative: over quota). */
  readonly gap: number | null;
  /** open pipeline closing in the rest of the period ÷ remaining quota (periods not over). */
  readonly coverage: number | null;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);

/** GUIDE §3's quota figures for one row. `elapsed` is `elapsedShare` of the period. */
export function quotaFigures(input: {
  quota: number | null;
  achieved: number;
  elapsed: number;
  pipeline: number | null;
}): QuotaFigures {
  const { quota, achieved, elapsed, pipeline } = input;
  const inProgress = elapsed > 0 && elapsed < 1;
  const remaining = quota === null ? null : quota - achieved;
  return {
    attainmentPct: quota === null ? null : pct(achieved, quota),
    expected: quota !== null && inProgress ? quota * elapsed : null,
    pacingPct: quota !== null && inProgress ? pct(achieved, quota * elapsed) : null,
    projection: inProgress ? achieved / elapsed : null,
    gap: remaining,
    coverage:
      elapsed < 1 && pipeline !== null && remaining !== null && remaining > 0
        ? pipeline / remaining
        : null,
  };
}

/** Colour band of an attainment: green at or over 100 %, yellow from 70 %, red under. */
export function attainmentBand(percent: number | null): "good" | "warn" | "bad" | null {
  if (percent === null) return null;
  if (percent >= 100) return "good";
  if (percent >= 70) return "warn";
  return "bad";
}

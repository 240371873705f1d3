import { type FunnelStage, funnelStages } from "./stages.js";

/**
 * Funnel arithmetic (GUIDE §3): stage counts, step and cumulative conversion, drop-off, and
 * the median days between consecutive stages. Pure: counts and samples in, rows out.
 */

const rankOf = new Map<string, number>(funnelStages.map((stage, index) => [stage, index]));

/** A stage's place in the funnel (lead 0 … customer 5); undefined for the off-ramps. */
export function funnelRank(stage: string): number | undefined {
  return rankOf.get(stage);
}

/** What one group of leads did: leads per stage, and day gaps into each stage from the one before. */
export class FunnelTally {
  readonly counts: number[] = funnelStages.map(() => 0);
  /** `days[s]`: days from reaching stage s-1 to reaching stage s, one per lead seen at both. */
  readonly days: number[][] = funnelStages.map(() => []);

  /**
   * Cohort mode: a lead that got as far as `furthest` counts at every stage up to it (an
   * import that put it straight at sql passed mql and sal); `reachedAt[s]` is when it
   * arrived at stage s itself (ms), null when it jumped over s or never got there.
   */
  addLead(furthest: number, reachedAt: readonly (number | null)[]): void {
    for (let stage = 0; stage <= furthest && stage < this.counts.length; stage++)
      (this.counts[stage] as number)++;
    this.addArrivals(reachedAt);
  }

  /** Cohort mode, counted in bulk: `leads[s]` leads got as far as stage s or further. */
  addCounts(leads: readonly number[]): void {
    leads.forEach((count, stage) => {
      if (stage < this.counts.length) (this.counts[stage] as number) += count;
    });
  }

  /**
   * Cohort mode, one lead's day gaps without counting it (see `addCounts`): `reachedAt[s]` is
   * when it arrived at stage s itself (ms), null when it jumped over s or never got there.
   */
  addArrivals(reachedAt: readonly (number | null)[]): void {
    for (let stage = 1; stage < this.counts.length; stage++) {
      const from = reachedAt[stage - 1];
      const to = reachedAt[stage];
      if (from !== null && from !== undefined && to !== null && to !== undefined && to >= from)
        this.days[stage]?.push((to - from) / 86_400_000);
    }
  }

  /** Cohort mode, in bulk: day gaps into `stage` from the stage before, one per lead seen at both. */
  addDays(stage: number, days: readonly number[]): void {
    const samples = this.days[stage];
    if (samples !== undefined) for (const gap of days) samples.push(gap);
  }

  /** Activity mode: one lead arrived at `stage` in the period, `daysFromPrevious` after reaching the stage before. */
  addArrival(stage: number, daysFromPrevious: number | null): void {
    (this.counts[stage] as number)++;
    if (daysFromPrevious !== null && daysFromPrevious >= 0)
      this.days[stage]?.push(daysFromPrevious);
  }

  add(other: FunnelTally): void {
    other.counts.forEach((count, stage) => {
      (this.counts[stage] as number) += count;
    });
    // One by one: push(...samples) passes each sample as an argument, and a year's worth
    // (hundreds of thousands at 1M leads) overflowed the stack.
    other.days.forEach((samples, stage) => {
      this.addDays(stage, samples);
    });
  }
}

export interface FunnelStageRow {
  readonly stage: FunnelStage;
  readonly leads: number;
  /** leads here ÷ leads at the stage before, in %. */
  readonly stepPct: number | null;
  /** leads here ÷ leads at the top, in %. */
  readonly cumulativePct: number | null;
  /** Leads at the stage before that did not get here. */
  readonly dropOff: number | null;
  /** Median days from the stage before, over the leads seen arriving at both. */
  readonly medianDays: number | null;
  readonly daysSamples: number;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, several times faster than a comparator.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function funnelRows(tally: FunnelTally): FunnelStageRow[] {
  const top = tally.counts[0] ?? 0;
  return funnelStages.map((stage, index) => {
    const leads = tally.counts[index] ?? 0;
    const previous = index === 0 ? null : (tally.counts[index - 1] ?? 0);
    const samples = tally.days[index] ?? [];
    return {
      stage,
      leads,
      stepPct: previous === null ? null : pct(leads, previous),
      cumulativePct: index === 0 ? null : pct(leads, top),
      dropOff: previous === null ? null : previous - leads,
      medianDays: index === 0 ? null : median(samples),
      daysSamples: samples.length,
    };
  });
}

import { percentile } from "../domain/percentiles.js";
import type { Period } from "../domain/periods.js";
import { elapsedShare, type PeriodStatus, periodStatus } from "../domain/quota-math.js";
import {
  countOutcome,
  emptySla,
  judgeHandoff,
  marketingVerdict,
  monthsIn,
  newWindowCounter,
  type SideVerdict,
  type SlaSettings,
  salesVerdict,
  slaClock,
  slaFromJson,
  slaIsSet,
  type TargetFigures,
  targetFigures,
  type WindowCounter,
  type WindowTally,
} from "../domain/sla.js";
import { UserError } from "../errors.js";
import { getSlaSetting } from "../store/settings.js";
import { forEachSlaHandoff, mqlArrivalsBySource } from "../store/sla.js";
import type { ReadTx } from "../store/store.js";

export interface SourceLine extends TargetFigures {
  /** Lower case; `(none)` for leads without a source. */
  readonly source: string;
}

export interface RepLine {
  readonly rep: string;
  readonly handoffs: number;
  readonly followUp: WindowTally;
  readonly decision: WindowTally;
  /** Handoffs later handed to someone else before their follow-up window ended, untouched. */
  readonly reassigned: number;
  /** Touched handoffs (by as-of), and speed-to-lead over them in minutes of the SLA's clock. */
  readonly touched: number;
  readonly speedP50: number | null;
  readonly speedP90: number | null;
  readonly waitingForTouch: number;
  readonly waitingForDecision: number;
  /** The longest wait (for a touch or a decision) at as-of, minutes of the SLA's clock. */
  readonly longestWait: number | null;
}

export interface SlaReport {
  readonly period: Period;
  readonly asOf: Date;
  readonly status: PeriodStatus;
  readonly elapsed: number;
  readonly sla: SlaSettings;
  /** Calendar months in the period (the MQL targets are per month). */
  readonly months: number;
  readonly marketing: {
    readonly total: TargetFigures;
    readonly sources: readonly SourceLine[];
  };
  readonly sales: {
    readonly reps: readonly RepLine[];
    readonly total: RepLine;
  };
  readonly verdicts: readonly [SideVerdict, SideVerdict];
  readonly notes: readonly string[];
}

/** The SLA as stored, or the empty one. */
export async function loadSla(tx: ReadTx): Promise<SlaSettings> {
  const text = await getSlaSetting(tx);
  if (text === undefined) return emptySla;
  try {
    return slaFromJson(text);
  } catch (error) {
    throw new UserError((error as Error).message, "set it again with funnel sla set");
  }
}

/** The SLA, refusing to judge when none is set. */
export async function requireSla(tx: ReadTx): Promise<SlaSettings> {
  const sla = await loadSla(tx);
  if (!slaIsSet(sla))
    throw new UserError(
      "no SLA is set",
      "set one first, e.g. funnel sla set --mql-target 50 --follow-up-hours 4 --decision-days 2",
    );
  return sla;
}

interface RepAccumulator {
  handoffs: number;
  followUp: WindowCounter;
  decision: WindowCounter;
  reassigned: number;
  speeds: number[];
  waitingForTouch: number;
  waitingForDecision: number;
  longestWait: number | null;
}

const newAccumulator = (): RepAccumulator => ({
  handoffs: 0,
  followUp: newWindowCounter(),
  decision: newWindowCounter(),
  reassigned: 0,
  speeds: [],
  waitingForTouch: 0,
  waitingForDecision: 0,
  longestWait: null,
});

function repLine(rep: string, acc: RepAccumulator): RepLine {
  return {
    rep,
    handoffs: acc.handoffs,
    followUp: acc.followUp,
    decision: acc.decision,
    reassigned: acc.reassigned,
    touched: acc.speeds.length,
    speedP50: percentile(acc.speeds, 50) ?? null,
    speedP90: percentile(acc.speeds, 90) ?? null,
    waitingForTouch: acc.waitingForTouch,
    waitingForDecision: acc.waitingForDecision,
    longestWait: acc.longestWait,
  };
}

/**
 * The SLA report for `period` as things stood at `asOf` (only events, touches and handoffs at
 * or before it count). Marketing: leads that became MQLs in the period, each once, by source,
 * against the monthly targets prorated by months. Sales: each handoff made in the period
 * against the follow-up and decision windows (see domain/sla.ts for met, missed and pending).
 */
export async function buildSlaReport(
  tx: ReadTx,
  options: { period: Period; asOf: Date; sla: SlaSettings },
): Promise<SlaReport> {
  const { period, asOf, sla } = options;
  const elapsed = elapsedShare(period, asOf);
  const status = periodStatus(elapsed);
  const range = {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    asOf: asOf.toISOString(),
  };
  const months = monthsIn(period);
  const notes: string[] = [];

  // Marketing.
  const delivered = new Map<string, number>();
  for (const row of await mqlArrivalsBySource(tx, range)) {
    const source = row.source?.trim().toLowerCase() || "(none)";
    delivered.set(source, (delivered.get(source) ?? 0) + row.leads);
  }
  const figures = (monthlyTarget: number | null, count: number) =>
    targetFigures({ monthlyTarget, months, delivered: count, elapsed });
  const sourceNames = [...new Set([...Object.keys(sla.sourceTargets), ...delivered.keys()])].sort(
    (a, b) => (delivered.get(b) ?? 0) - (delivered.get(a) ?? 0) || a.localeCompare(b),
  );
  const sources = sourceNames.map((source) => ({
    source,
    // Own targets only: a lead source named constructor has none, not Object's own function.
    ...figures(
      Object.hasOwn(sla.sourceTargets, source) ? (sla.sourceTargets[source] ?? null) : null,
      delivered.get(source) ?? 0,
    ),
  }));
  const total = figures(
    sla.mqlTarget,
    [...delivered.values()].reduce((sum, count) => sum + count, 0),
  );

  // Sales.
  const byRep = new Map<string, RepAccumulator>();
  const all = newAccumulator();
  const clock = slaClock(sla);
  await forEachSlaHandoff(tx, range, (row) => {
    const judgement = judgeHandoff(
      {
        at: row.at,
        nextHandoffAt: row.next_handoff_at,
        firstTouchAt: row.first_touch_at,
        decidedAt: row.decided_at,
        decision: row.decision,
        stageAtHandoff: row.stage_at_handoff,
      },
      sla,
      asOf,
      clock,
    );
    let acc = byRep.get(row.rep_handle);
    if (acc === undefined) {
      acc = newAccumulator();
      byRep.set(row.rep_handle, acc);
    }
    for (const target of [acc, all]) {
      target.handoffs += 1;
      countOutcome(target.followUp, judgement.followUp);
      countOutcome(target.decision, judgement.decision);
      if (judgement.followUp === "reassigned") target.reassigned += 1;
      if (judgement.speedMinutes !== null) target.speeds.push(judgement.speedMinutes);
      if (judgement.waitingForTouch) target.waitingForTouch += 1;
      if (judgement.waitingForDecision) target.waitingForDecision += 1;
      if (judgement.waitingForTouch || judgement.waitingForDecision)
        target.longestWait = Math.max(target.longestWait ?? 0, judgement.waitedMinutes);
    }
  });
  // By handle (the handoffs came lead by lead); handles are ASCII, so code-unit order is
  // the byte order SQL would sort them in.
  const reps = [...byRep]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([rep, acc]) => repLine(rep, acc));
  const salesTotal = repLine("total", all);

  if (all.reassigned > 0)
    notes.push(
      `${all.reassigned} handoff(s) were handed to another rep before their follow-up window ended: the later handoff carries the clock`,
    );
  const verdicts: [SideVerdict, SideVerdict] = [
    marketingVerdict({
      periodLabel: period.label,
      running: status !== "closed",
      notStarted: status === "not started",
      total,
      sources,
    }),
    salesVerdict({
      periodLabel: period.label,
      sla,
      followUp: all.followUp,
      decision: all.decision,
    }),
  ];
  return {
    period,
    asOf,
    status,
    elapsed,
    sla,
    months,
    marketing: { total, sources },
    sales: { reps, total: salesTotal },
    verdicts,
    notes,
  };
}

import { UsageError } from "../errors.js";
import {
  formatWorkingDays,
  formatWorkingHours,
  parseWorkingDays,
  parseWorkingHours,
  type WorkingCalendar,
  WorkingClock,
  workingDayMinutes,
} from "./business-hours.js";
import { addMonths, startOfMonth } from "./time-zone.js";

/**
 * The service-level agreement between marketing and sales (GUIDE §1, §2), and its maths:
 * reading and changing the settings, judging each handoff against the sales windows, and the
 * verdict of each side. Pure: no database, no clock.
 */
export interface SlaSettings {
  /** MQLs marketing promises per calendar month; other periods prorate it by months. */
  readonly mqlTarget: number | null;
  /** Per source (lower case), MQLs per month. */
  readonly sourceTargets: Readonly<Record<string, number>>;
  /** Hours from handoff to the first touch. */
  readonly followUpHours: number | null;
  /** Days from handoff to accept or reject. */
  readonly decisionDays: number | null;
  /** When set, both windows count working time only. */
  readonly businessHours: WorkingCalendar | null;
  /** Share of handoffs (%) that must meet each window. */
  readonly sharePct: number;
}

export const defaultSharePct = 90;
export const defaultWorkingDays = "mon-fri";
export const defaultWorkingHours = "09:00-17:00";

export const emptySla: SlaSettings = {
  mqlTarget: null,
  sourceTargets: {},
  followUpHours: null,
  decisionDays: null,
  businessHours: null,
  sharePct: defaultSharePct,
};

/** The stored form (settings key "sla"), snake_case like every JSON funnel writes. */
interface StoredSla {
  mql_target: number | null;
  source_targets: Record<string, number>;
  follow_up_hours: number | null;
  decision_days: number | null;
  business_hours: { working_days: string; working_hours: string } | null;
  share_pct: number;
}

export function slaToJson(sla: SlaSettings): StoredSla {
  return {
    mql_target: sla.mqlTarget,
    source_targets: { ...sla.sourceTargets },
    follow_up_hours: sla.followUpHours,
    decision_days: sla.decisionDays,
    business_hours:
      sla.businessHours === null
        ? null
        : {
            working_days: formatWorkingDays(sla.businessHours.days),
            working_hours: formatWorkingHours(sla.businessHours),
          },
    share_pct: sla.sharePct,
  };
}

/** Reads the stored value back; a value that does not parse is reported, never guessed. */
export function slaFromJson(text: string): SlaSettings {
  let value: Partial<StoredSla>;
  try {
    value = JSON.parse(text) as Partial<StoredSla>;
  } catch {
    throw new Error('the stored SLA (settings key "sla") is not JSON');
  }
  const business = value.business_hours ?? null;
  const days = business === null ? undefined : parseWorkingDays(business.working_days);
  const hours = business === null ? undefined : parseWorkingHours(business.working_hours);
  return {
    mqlTarget: value.mql_target ?? null,
    sourceTargets: value.source_targets ?? {},
    followUpHours: value.follow_up_hours ?? null,
    decisionDays: value.decision_days ?? null,
    businessHours:
      days === undefined || hours === undefined
        ? null
        : ({ days, ...hours } satisfies WorkingCalendar),
    sharePct: value.share_pct ?? defaultSharePct,
  };
}

/** `funnel sla set` options as typed (strings), before validation. */
export interface SlaSetOptions {
  mqlTarget?: string | undefined;
  sourceTarget?: readonly string[] | undefined;
  followUpHours?: string | undefined;
  decisionDays?: string | undefined;
  /** true for --business-hours, false for --no-business-hours. */
  businessHours?: boolean | undefined;
  workingDays?: string | undefined;
  workingHours?: string | undefined;
  share?: string | undefined;
}

const off = (text: string) => text.trim().toLowerCase() === "off";

function positiveInteger(flag: string, text: string): number {
  const value = text.trim().replace(/_/g, "");
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${flag} "${text}" is not a whole number of 1 or more (or "off")`);
  return Number(value);
}

function positiveNumber(flag: string, text: string, max: number, unit: string): number {
  const value = text.trim();
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0)
    throw new UsageError(`${flag} "${text}" is not a number of ${unit} over 0 (or "off")`);
  if (Number(value) > max)
    throw new UsageError(`${flag} ${text} is more than ${max} ${unit}; is it a typo?`);
  return Number(value);
}

/**
 * Applies `sla set` options to the current settings; options not given keep their value, and
 * `off` removes a target or a window. Malformed values are usage errors naming the flag.
 */
export function applySlaOptions(current: SlaSettings, options: SlaSetOptions): SlaSettings {
  const given = Object.entries(options).some(
    ([key, value]) => value !== undefined && (key !== "sourceTarget" || (value as []).length > 0),
  );
  if (!given)
    throw new UsageError(
      "nothing to set; give --mql-target, --source-target, --follow-up-hours, --decision-days, --business-hours or --share (see funnel sla set --help)",
    );
  let next: SlaSettings = { ...current, sourceTargets: { ...current.sourceTargets } };
  if (options.mqlTarget !== undefined)
    next = {
      ...next,
      mqlTarget: off(options.mqlTarget) ? null : positiveInteger("--mql-target", options.mqlTarget),
    };
  // Without a prototype: a source named __proto__ is a source like any other.
  const sources: Record<string, number> = Object.assign(Object.create(null), next.sourceTargets);
  for (const pair of options.sourceTarget ?? []) {
    const at = pair.lastIndexOf("=");
    const source = pair.slice(0, Math.max(at, 0)).trim().toLowerCase();
    if (at < 1 || source === "")
      throw new UsageError(`--source-target "${pair}" is not SOURCE=N (e.g. web=20, or web=off)`);
    const target = pair.slice(at + 1);
    if (off(target)) delete sources[source];
    else sources[source] = positiveInteger(`--source-target ${source}`, target);
  }
  next = { ...next, sourceTargets: sources };
  if (options.followUpHours !== undefined)
    next = {
      ...next,
      followUpHours: off(options.followUpHours)
        ? null
        : positiveNumber("--follow-up-hours", options.followUpHours, 24 * 366, "hours"),
    };
  if (options.decisionDays !== undefined)
    next = {
      ...next,
      decisionDays: off(options.decisionDays)
        ? null
        : positiveNumber("--decision-days", options.decisionDays, 366, "days"),
    };
  if (options.share !== undefined) {
    // `90 %`: by hand, as a pattern ending in \s*%$ retries every run of spaces to its end.
    const written = options.share.trim();
    const text = written.endsWith("%") ? written.slice(0, -1).trimEnd() : written;
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0 || Number(text) > 100)
      throw new UsageError(`--share "${options.share}" is not a percentage over 0, up to 100`);
    next = { ...next, sharePct: Number(text) };
  }
  next = { ...next, businessHours: businessHoursFrom(current.businessHours, options) };
  return next;
}

function businessHoursFrom(
  current: WorkingCalendar | null,
  options: SlaSetOptions,
): WorkingCalendar | null {
  const calendarGiven = options.workingDays !== undefined || options.workingHours !== undefined;
  if (options.businessHours === false) {
    if (calendarGiven)
      throw new UsageError(
        "--no-business-hours and --working-days/--working-hours disagree; give one of them",
      );
    return null;
  }
  // --working-days or --working-hours alone turn business hours on: setting a calendar that
  // is then ignored would surprise.
  if (options.businessHours !== true && !calendarGiven) return current;
  const daysText = options.workingDays ?? (current === null ? defaultWorkingDays : undefined);
  const hoursText = options.workingHours ?? (current === null ? defaultWorkingHours : undefined);
  const days = daysText === undefined ? current?.days : parseWorkingDays(daysText);
  if (days === undefined || days.length === 0)
    throw new UsageError(
      `--working-days "${options.workingDays}" is not a list of days, e.g. mon-fri, sun-thu or mon,wed,fri`,
    );
  const hours =
    hoursText === undefined
      ? current === null
        ? undefined
        : { startMinute: current.startMinute, endMinute: current.endMinute }
      : parseWorkingHours(hoursText);
  if (hours === undefined)
    throw new UsageError(
      `--working-hours "${options.workingHours}" is not HH:MM-HH:MM with the start before the end, e.g. 09:00-17:00`,
    );
  return { days, ...hours };
}

/** Whether any part of the SLA is in force. */
export function slaIsSet(sla: SlaSettings): boolean {
  return (
    sla.mqlTarget !== null ||
    Object.keys(sla.sourceTargets).length > 0 ||
    sla.followUpHours !== null ||
    sla.decisionDays !== null
  );
}

// ---------------------------------------------------------------------------------------------
// Marketing: MQLs delivered against the target, prorated by months.

/**
 * How many calendar months `period` spans: each month it touches counts the share of that
 * month (by time) that lies in the period. A month is 1, a quarter 3, 1-14 November 14/30.
 */
export function monthsIn(period: { from: Date; to: Date }): number {
  let months = 0;
  let start = startOfMonth(period.from);
  while (start < period.to) {
    const end = addMonths(start, 1);
    const overlap =
      Math.min(end.getTime(), period.to.getTime()) -
      Math.max(start.getTime(), period.from.getTime());
    if (overlap > 0) months += overlap / (end.getTime() - start.getTime());
    start = end;
  }
  return months;
}

/** A target, or a source's, for a period; `expected` is where an even pace is by as-of. */
export interface TargetFigures {
  readonly target: number | null;
  readonly delivered: number;
  /** delivered ÷ target, %. */
  readonly attainmentPct: number | null;
  /** target × elapsed share, while the period runs. */
  readonly expected: number | null;
  /** MQLs still missing: target − delivered once the period is over, expected − delivered while it runs (never below 0). */
  readonly short: number | null;
}

export function targetFigures(input: {
  monthlyTarget: number | null;
  months: number;
  delivered: number;
  elapsed: number;
}): TargetFigures {
  const { monthlyTarget, months, delivered, elapsed } = input;
  if (monthlyTarget === null)
    return { target: null, delivered, attainmentPct: null, expected: null, short: null };
  const target = monthlyTarget * months;
  const running = elapsed < 1;
  const expected = running ? target * elapsed : null;
  const bar = expected ?? target;
  return {
    target,
    delivered,
    attainmentPct: target > 0 ? (delivered / target) * 100 : null,
    expected,
    // A fraction of an MQL short is still one MQL short.
    short: Math.max(0, Math.ceil(bar - delivered - 1e-9)),
  };
}

// ---------------------------------------------------------------------------------------------
// Sales: each handoff against the follow-up and decision windows.

/** A handoff as the store gives it: the facts up to the as-of date, ISO text instants. */
export interface HandoffFacts {
  readonly at: string;
  /** The next handoff of the same lead (a reassignment), up to as-of. */
  readonly nextHandoffAt: string | null;
  /** The first touch of the lead at or after the handoff, up to as-of. */
  readonly firstTouchAt: string | null;
  /** The first stage change away from mql at or after the handoff, up to as-of. */
  readonly decidedAt: string | null;
  readonly decision: string | null;
  /** The lead's stage when it was handed off: only an MQL waits for accept or reject. */
  readonly stageAtHandoff: string | null;
}

/**
 * - `met`: done within the window;
 * - `missed`: the window is over and it was not done in it (done late, or not yet);
 * - `pending`: not done, and the window is still open at as-of: it counts neither way yet;
 * - `reassigned`: handed to someone else before its window ended, and not done before that:
 *   the next handoff carries the clock;
 * - `not applicable`: no window set, or (decisions) the lead was no longer an MQL when handed
 *   off (a reassigned, already accepted lead).
 */
export type WindowOutcome = "met" | "missed" | "pending" | "reassigned" | "not applicable";

export interface HandoffJudgement {
  readonly followUp: WindowOutcome;
  readonly decision: WindowOutcome;
  /** Handoff to first touch (working minutes with business hours), when touched. */
  readonly speedMinutes: number | null;
  /** Still without a touch (or a decision) at as-of, and still the lead's latest handoff. */
  readonly waitingForTouch: boolean;
  readonly waitingForDecision: boolean;
  /** How long it has waited at as-of (working minutes with business hours). */
  readonly waitedMinutes: number;
}

/**
 * The SLA's clock: working time on its business hours, or null for plain time. One per report
 * (see WorkingClock); `judgeHandoff` makes its own when not given one.
 */
export function slaClock(sla: SlaSettings): WorkingClock | null {
  return sla.businessHours === null ? null : new WorkingClock(sla.businessHours);
}

/** The deadline of a window of `minutes` (working time with business hours) from `from`. */
export function windowEnd(from: Date, minutes: number, clock: WorkingClock | null): Date {
  return clock === null
    ? new Date(from.getTime() + minutes * 60_000)
    : clock.addMinutes(from, minutes);
}

/** Time between two instants on the SLA's clock: working minutes with business hours. */
export function slaMinutes(from: Date, to: Date, clock: WorkingClock | null): number {
  return clock === null
    ? Math.max(0, (to.getTime() - from.getTime()) / 60_000)
    : clock.minutesBetween(from, to);
}

/** The follow-up window in minutes of the SLA's clock. */
export function followUpMinutes(sla: SlaSettings): number | null {
  return sla.followUpHours === null ? null : sla.followUpHours * 60;
}

/** The decision window in minutes: D × 24 h, or D working days with business hours. */
export function decisionMinutes(sla: SlaSettings): number | null {
  if (sla.decisionDays === null) return null;
  return (
    sla.decisionDays * (sla.businessHours === null ? 1440 : workingDayMinutes(sla.businessHours))
  );
}

function outcome(
  handedAt: Date,
  doneAt: string | null,
  nextHandoffAt: string | null,
  windowMinutes: number | null,
  clock: WorkingClock | null,
  asOf: Date,
): WindowOutcome {
  if (windowMinutes === null) return "not applicable";
  const deadline = windowEnd(handedAt, windowMinutes, clock).getTime();
  // Something done after the lead went to another rep was done on the next handoff.
  const done =
    doneAt !== null && (nextHandoffAt === null || doneAt < nextHandoffAt)
      ? Date.parse(doneAt)
      : null;
  if (done !== null) return done <= deadline ? "met" : "missed";
  if (nextHandoffAt !== null && Date.parse(nextHandoffAt) < deadline) return "reassigned";
  return deadline < asOf.getTime() ? "missed" : "pending";
}

/** One handoff against the SLA, as things stood at `asOf` (`clock`: the SLA's, see slaClock). */
export function judgeHandoff(
  handoff: HandoffFacts,
  sla: SlaSettings,
  asOf: Date,
  clock: WorkingClock | null = slaClock(sla),
): HandoffJudgement {
  const handedAt = new Date(handoff.at);
  const decidable = handoff.stageAtHandoff === "mql";
  const touchedAt =
    handoff.firstTouchAt !== null &&
    (handoff.nextHandoffAt === null || handoff.firstTouchAt < handoff.nextHandoffAt)
      ? handoff.firstTouchAt
      : null;
  const decidedAt =
    handoff.decidedAt !== null &&
    (handoff.nextHandoffAt === null || handoff.decidedAt < handoff.nextHandoffAt)
      ? handoff.decidedAt
      : null;
  const current = handoff.nextHandoffAt === null;
  const waitingForTouch = current && touchedAt === null;
  const waitingForDecision = current && decidable && decidedAt === null;
  return {
    followUp: outcome(
      handedAt,
      touchedAt,
      handoff.nextHandoffAt,
      followUpMinutes(sla),
      clock,
      asOf,
    ),
    decision: decidable
      ? outcome(handedAt, decidedAt, handoff.nextHandoffAt, decisionMinutes(sla), clock, asOf)
      : "not applicable",
    speedMinutes: touchedAt === null ? null : slaMinutes(handedAt, new Date(touchedAt), clock),
    waitingForTouch,
    waitingForDecision,
    waitedMinutes: waitingForTouch || waitingForDecision ? slaMinutes(handedAt, asOf, clock) : 0,
  };
}

/** Met and missed of one window over some handoffs; pending ones wait for their verdict. */
export interface WindowTally {
  readonly met: number;
  readonly missed: number;
  readonly pending: number;
}

/** A tally being counted (a report counts tens of thousands of handoffs into a few). */
export interface WindowCounter {
  met: number;
  missed: number;
  pending: number;
}

export function newWindowCounter(): WindowCounter {
  return { met: 0, missed: 0, pending: 0 };
}

/** Counts one outcome in place; reassigned and not applicable count neither way. */
export function countOutcome(counter: WindowCounter, outcome: WindowOutcome): void {
  if (outcome === "met") counter.met += 1;
  else if (outcome === "missed") counter.missed += 1;
  else if (outcome === "pending") counter.pending += 1;
}

/** met ÷ (met + missed), %; null when nothing was judged yet. */
export function metSharePct(tally: WindowTally): number | null {
  const judged = tally.met + tally.missed;
  return judged === 0 ? null : (tally.met / judged) * 100;
}

export interface WindowVerdict {
  readonly judged: number;
  readonly sharePct: number | null;
  readonly requiredPct: number;
  readonly kept: boolean;
  /** requiredPct − sharePct when breached (percentage points), else 0. */
  readonly shortPoints: number;
  /** More handoffs that had to meet the window for the share to be kept. */
  readonly shortHandoffs: number;
}

export function windowVerdict(tally: WindowTally, requiredPct: number): WindowVerdict {
  const judged = tally.met + tally.missed;
  const sharePct = metSharePct(tally);
  // Kept when met ≥ required share of the judged (in whole handoffs, no rounding: 9 of 10 keeps 90 %).
  const needed = Math.ceil((requiredPct / 100) * judged - 1e-9);
  const kept = tally.met >= needed;
  return {
    judged,
    sharePct,
    requiredPct,
    kept,
    shortPoints: kept || sharePct === null ? 0 : requiredPct - sharePct,
    shortHandoffs: Math.max(0, needed - tally.met),
  };
}

// ---------------------------------------------------------------------------------------------
// Verdict lines.

export type SideStatus = "kept" | "breached" | "on pace" | "behind pace" | "not set" | "no data";

export interface SideVerdict {
  readonly side: "marketing" | "sales";
  readonly status: SideStatus;
  readonly breached: boolean;
  /** One line: `marketing: breached: 42 of 50 MQLs (84 %), 8 short; web 12 of 20 (8 short)`. */
  readonly line: string;
  /** The line without its side and status: what was measured. */
  readonly detail: string;
}

const num = (value: number) => String(Math.round(value * 10) / 10);

/** Marketing's verdict: the total and every source with a target must reach its target (or, while the period runs, its pace). */
export function marketingVerdict(input: {
  periodLabel: string;
  running: boolean;
  notStarted?: boolean;
  total: TargetFigures;
  sources: readonly (TargetFigures & { source: string })[];
}): SideVerdict {
  const { total, running } = input;
  const targeted = input.sources.filter((source) => source.target !== null);
  if (total.target === null && targeted.length === 0)
    return {
      side: "marketing",
      status: "not set",
      breached: false,
      line: "marketing: no MQL target set",
      detail: "no MQL target set",
    };
  if (input.notStarted === true)
    return {
      side: "marketing",
      status: "no data",
      breached: false,
      line: `marketing: ${input.periodLabel} has not started yet`,
      detail: "not started yet",
    };
  const shortSources = targeted.filter((source) => (source.short ?? 0) > 0);
  const totalShort = (total.short ?? 0) > 0;
  const breached = totalShort || shortSources.length > 0;
  const status: SideStatus = running
    ? breached
      ? "behind pace"
      : "on pace"
    : breached
      ? "breached"
      : "kept";
  const describe = (figures: TargetFigures) => {
    const target = figures.target as number;
    if (running)
      return `${figures.delivered} MQLs so far, ${num(figures.expected as number)} expected by now of ${num(target)}${(figures.short ?? 0) > 0 ? `, ${figures.short} behind` : ""}`;
    return `${figures.delivered} of ${num(target)} MQLs (${num(figures.attainmentPct ?? 0)} %)${(figures.short ?? 0) > 0 ? `, ${figures.short} short` : ""}`;
  };
  const parts: string[] = [];
  if (total.target !== null) parts.push(describe(total));
  const listed = breached ? shortSources : targeted;
  if (listed.length > 0)
    parts.push(
      listed
        .map((source) =>
          running
            ? `${source.source} ${source.delivered} of ${num(source.expected as number)} expected${(source.short ?? 0) > 0 ? ` (${source.short} behind)` : ""}`
            : `${source.source} ${source.delivered} of ${num(source.target as number)}${(source.short ?? 0) > 0 ? ` (${source.short} short)` : ""}`,
        )
        .join(", "),
    );
  const detail = parts.join("; ");
  return {
    side: "marketing",
    status,
    breached,
    line: `marketing: ${status} for ${input.periodLabel}: ${detail}`,
    detail,
  };
}

/** Sales' verdict: each window in force must be met by the required share of the judged handoffs. */
export function salesVerdict(input: {
  periodLabel: string;
  sla: SlaSettings;
  followUp: WindowTally;
  decision: WindowTally;
}): SideVerdict {
  const { sla } = input;
  const clock = sla.businessHours === null ? "" : "working ";
  const windows: { name: string; within: string; tally: WindowTally }[] = [];
  if (sla.followUpHours !== null)
    windows.push({
      name: "follow-up",
      within: `${num(sla.followUpHours)} ${clock}h`,
      tally: input.followUp,
    });
  if (sla.decisionDays !== null)
    windows.push({
      name: "decision",
      within: `${num(sla.decisionDays)} ${clock}d`,
      tally: input.decision,
    });
  if (windows.length === 0)
    return {
      side: "sales",
      status: "not set",
      breached: false,
      line: "sales: no follow-up or decision window set",
      detail: "no follow-up or decision window set",
    };
  const verdicts = windows.map((window) => ({
    ...window,
    verdict: windowVerdict(window.tally, sla.sharePct),
  }));
  if (verdicts.every((window) => window.verdict.judged === 0)) {
    const pending = Math.max(...verdicts.map((window) => window.tally.pending));
    const detail = `no handoff's window has ended${pending > 0 ? ` (${pending} pending)` : ""}`;
    return {
      side: "sales",
      status: "no data",
      breached: false,
      line: `sales: nothing to judge yet for ${input.periodLabel}: ${detail}`,
      detail,
    };
  }
  const breached = verdicts.some((window) => !window.verdict.kept);
  const parts = verdicts.map(({ name, within, tally, verdict }) => {
    if (verdict.judged === 0) return `${name}: nothing judged yet (${tally.pending} pending)`;
    const head = `${name} ${num(verdict.sharePct ?? 0)} % of ${verdict.judged} within ${within} (required ${num(sla.sharePct)} %)`;
    const pending = tally.pending > 0 ? `, ${tally.pending} pending` : "";
    return verdict.kept
      ? `${head}${pending}`
      : `${head}: ${num(verdict.shortPoints)} pts short, ${verdict.shortHandoffs} handoff(s)${pending}`;
  });
  const detail = parts.join("; ");
  return {
    side: "sales",
    status: breached ? "breached" : "kept",
    breached,
    line: `sales: ${breached ? "breached" : "kept"} for ${input.periodLabel}: ${detail}`,
    detail,
  };
}

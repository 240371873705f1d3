import { localDay } from "../domain/dates.js";
import type { Period } from "../domain/periods.js";
import type { PeriodStatus } from "../domain/quota-math.js";
import { timeZone } from "../domain/time-zone.js";

/** A period as people read it in a report's heading: `2026-10-01 to 2026-10-31` (last day included). */
export function periodSpan(period: Period): string {
  const lastDay = localDay(new Date(period.to.getTime() - 1).toISOString());
  return `${localDay(period.from.toISOString())} to ${lastDay}`;
}

/**
 * A period by name: its label (`2026-10`, `2026-Q4`), or its days when the label is only those
 * days again (`--from/--to`, `ytd`: `2026-01-01..2026-11-27`).
 */
export function periodName(period: Period): string {
  return period.label.includes("..") ? periodSpan(period) : period.label;
}

/**
 * A period in a report's title: `2026-10 (2026-10-01 to 2026-10-31)`, its days said once, and
 * whose days they are when `--tz` made them another zone's than the database's.
 */
export function periodHeading(period: Period): string {
  const zone = timeZone();
  const [name, span] = [periodName(period), periodSpan(period)];
  const days = zone.overridden ? `${span}, times in ${zone.name} (--tz)` : span;
  return name === span ? days : `${name} (${days})`;
}

/** The period and as-of date at the head of every report's JSON form. */
export function periodJson(period: Period, asOf: Date) {
  return {
    period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
    as_of: asOf.toISOString(),
  };
}

/**
 * Where a report stands, for its heading: final figures once the period is over (`to date`
 * for a period that ends at the as-of moment, such as ytd), the elapsed share while it runs.
 */
export function periodState(report: {
  period: Period;
  asOf: Date;
  status: PeriodStatus;
  elapsed: number;
}): string {
  const asOf = localDay(report.asOf.toISOString());
  if (report.status === "closed")
    return report.period.to.getTime() === report.asOf.getTime()
      ? "to date: final figures"
      : "closed: final figures";
  if (report.status === "not started") return `not started yet (as of ${asOf})`;
  return `in progress: ${Math.round(report.elapsed * 1000) / 10} % elapsed as of ${asOf}`;
}

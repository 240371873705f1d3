import { localDay } from "../domain/dates.js";
import type { Period } from "../domain/periods.js";

/** A period as people read it in a report's heading: `2026-10-01 to 2026-10-31` (last day included). */
export function periodSpan(period: Period): string {
  const lastDay = localDay(new Date(period.to.getTime() - 1).toISOString());
  return `${localDay(period.from.toISOString())} to ${lastDay}`;
}

/** The period and as-of date at the head of every report's JSON form. */
export function periodJson(period: Period, asOf: Date) {
  return {
    period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
    as_of: asOf.toISOString(),
  };
}

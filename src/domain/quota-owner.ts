import { type FiscalCalendar, type Period, parsePeriod } from "./periods.js";
import { monthsBetween } from "./time-zone.js";

/** Who a quota is for: a rep (by handle) or a team (`team:NAME`). */
export type QuotaOwner = { kind: "rep"; handle: string } | { kind: "team"; team: string };

export function parseQuotaOwner(text: string): QuotaOwner | undefined {
  const value = text.trim();
  const team = /^team:(.*)$/i.exec(value);
  if (team !== null) {
    const name = (team[1] as string).trim();
    return name === "" ? undefined : { kind: "team", team: name };
  }
  return value === "" ? undefined : { kind: "rep", handle: value.toLowerCase() };
}

export function quotaOwnerText(owner: QuotaOwner): string {
  return owner.kind === "team" ? `team:${owner.team}` : owner.handle;
}

/**
 * The period a quota is set for: a month, a quarter or a (fiscal) year, by name or relative
 * (`this-quarter`); undefined for anything else (ytd, a custom span).
 */
export function parseQuotaPeriod(
  text: string,
  now: Date,
  fiscal: FiscalCalendar,
): Period | undefined {
  const period = parsePeriod(text, now, fiscal);
  if (period === undefined || period.label.includes("..")) return undefined;
  const months = monthsBetween(period.to, period.from);
  return months === 1 || months === 3 || months === 12 ? period : undefined;
}

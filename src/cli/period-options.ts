import { acceptedDateFormats, parseDateStrict } from "../domain/dates.js";
import {
  type FiscalCalendar,
  type Period,
  parsePeriod,
  periodExamples,
} from "../domain/periods.js";
import { teamDate, wallTime } from "../domain/time-zone.js";
import { UsageError } from "../errors.js";

/**
 * The one reader of the date and period options: `--period`, `--from/--to`, `--as-of`, `--at`,
 * a period filter (`--created`, `--closed`) and any other date (`--expected-close`). Every
 * command reads them here, so they mean the same and fail the same way everywhere.
 */

export interface PeriodOptions {
  period?: string;
  from?: string;
  to?: string;
  asOf?: string;
}

/** The period the options name, relative to `--as-of` (else now), in the fiscal calendar. */
export function periodFromOptions(
  options: PeriodOptions,
  defaultPeriod: string,
  fiscal: FiscalCalendar,
  now: Date = new Date(),
): { period: Period; asOf: Date } {
  const asOf = asOfOption(options.asOf, now);
  if (options.from !== undefined || options.to !== undefined) {
    if (options.period !== undefined)
      throw new UsageError("give --period or --from/--to, not both");
    if (options.from === undefined || options.to === undefined)
      throw new UsageError("--from and --to go together");
    const from = rangeEdge("--from", options.from).from;
    const to = rangeEdge("--to", options.to).to;
    if (to <= from) throw new UsageError(`--to ${options.to} is before --from ${options.from}`);
    return { period: { from, to, label: `${options.from}..${options.to}` }, asOf };
  }
  return { period: periodOption("--period", options.period ?? defaultPeriod, asOf, fiscal), asOf };
}

/** A period named by `option` (`2026-10`, `last-quarter`, ...), relative to `now`. */
export function periodOption(
  option: string,
  text: string,
  now: Date,
  fiscal?: FiscalCalendar,
): Period {
  const period = parsePeriod(text, now, fiscal);
  if (period === undefined)
    throw new UsageError(`${option} "${text}" is not a period; use one of ${periodExamples}`);
  return period;
}

/** A `--from`/`--to` value, a day or a month (`2017-06`), as the span it covers. */
function rangeEdge(option: string, text: string): { from: Date; to: Date } {
  const month = /^\s*(\d{4})-(\d{2})\s*$/.exec(text);
  if (month !== null) {
    const [year, index] = [Number(month[1]), Number(month[2]) - 1];
    if (index < 0 || index > 11)
      throw new UsageError(`${option} "${text}" is not a month (YYYY-MM) or a date`);
    return { from: teamDate(year, index, 1), to: teamDate(year, index + 1, 1) };
  }
  const day = dateOption(option, text);
  const wall = wallTime(day);
  return { from: day, to: teamDate(wall.year, wall.month, wall.day + 1) };
}

/** A date option (`--at`, `--as-of`, `--expected-close`), strictly parsed; the team's time without a zone. */
export function dateOption(option: string, text: string): Date {
  const iso = parseDateStrict(text);
  if (iso === undefined)
    throw new UsageError(`${option} "${text}" is not a date (${acceptedDateFormats})`);
  return new Date(iso);
}

/** A date option that may be left out. */
export function optionalDateOption(option: string, text: string | undefined): Date | undefined {
  return text === undefined ? undefined : dateOption(option, text);
}

/** `--at`: when something happened; now by default. */
export function atOption(text: string | undefined, now: Date = new Date()): Date {
  return text === undefined ? now : dateOption("--at", text);
}

/**
 * `--as-of`: a date alone means the end of that day (everything on it counts, as "as of 16
 * October" reads); with a time, that moment; now by default.
 */
export function asOfOption(text: string | undefined, now: Date = new Date()): Date {
  if (text === undefined) return now;
  const at = dateOption("--as-of", text);
  if (!/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)) return at;
  const wall = wallTime(at);
  return new Date(teamDate(wall.year, wall.month, wall.day + 1).getTime() - 1);
}

import {
  type FiscalCalendar,
  type Period,
  parsePeriod,
  periodExamples,
} from "../domain/periods.js";
import { UsageError } from "../errors.js";
import { parseAsOf, parseDateOption } from "./parse-at.js";

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
  const asOf = options.asOf === undefined ? now : parseAsOf(options.asOf);
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
  const text = options.period ?? defaultPeriod;
  const period = parsePeriod(text, asOf, fiscal);
  if (period === undefined)
    throw new UsageError(`--period "${text}" is not a period; use one of ${periodExamples}`);
  return { period, asOf };
}

/** A `--from`/`--to` value, a day or a month (`2017-06`), as the span it covers. */
function rangeEdge(option: string, text: string): { from: Date; to: Date } {
  const month = /^\s*(\d{4})-(\d{2})\s*$/.exec(text);
  if (month !== null) {
    const [year, index] = [Number(month[1]), Number(month[2]) - 1];
    if (index < 0 || index > 11)
      throw new UsageError(`${option} "${text}" is not a month (YYYY-MM) or a date`);
    return { from: new Date(year, index, 1), to: new Date(year, index + 1, 1) };
  }
  const day = parseDateOption(option, text);
  return { from: day, to: new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1) };
}

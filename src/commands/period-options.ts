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
    const from = parseDateOption("--from", options.from);
    const last = parseDateOption("--to", options.to);
    const to = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
    if (to <= from) throw new UsageError(`--to ${options.to} is before --from ${options.from}`);
    return { period: { from, to, label: `${options.from}..${options.to}` }, asOf };
  }
  const text = options.period ?? defaultPeriod;
  const period = parsePeriod(text, asOf, fiscal);
  if (period === undefined)
    throw new UsageError(`--period "${text}" is not a period; use one of ${periodExamples}`);
  return { period, asOf };
}

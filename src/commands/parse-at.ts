import { acceptedDateFormats, parseDateStrict } from "../domain/dates.js";
import { UsageError } from "../errors.js";

/** A date option (`--at`, `--as-of`, `--expected-close`), strictly parsed; local time without a zone. */
export function parseDateOption(option: string, text: string): Date {
  const iso = parseDateStrict(text);
  if (iso === undefined)
    throw new UsageError(`${option} "${text}" is not a date (${acceptedDateFormats})`);
  return new Date(iso);
}

/** A date option that may be left out. */
export function parseOptionalDate(option: string, text: string | undefined): Date | undefined {
  return text === undefined ? undefined : parseDateOption(option, text);
}

/** `--at`: when something happened; now by default. */
export function parseAt(text: string | undefined, now: Date = new Date()): Date {
  return text === undefined ? now : parseDateOption("--at", text);
}

/**
 * `--as-of`: a date alone means the end of that day (everything on it counts, as "as of 16
 * October" reads); with a time, that moment.
 */
export function parseAsOf(text: string): Date {
  const at = parseDateOption("--as-of", text);
  if (!/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)) return at;
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1, 0, 0, 0, -1);
}

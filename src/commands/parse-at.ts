import { acceptedDateFormats, parseDateStrict } from "../domain/dates.js";
import { UsageError } from "../errors.js";

/** A date option (`--at`, `--as-of`, `--expected-close`), strictly parsed; local time without a zone. */
export function parseDateOption(option: string, text: string): Date {
  const iso = parseDateStrict(text);
  if (iso === undefined)
    throw new UsageError(`${option} "${text}" is not a date (${acceptedDateFormats})`);
  return new Date(iso);
}

/** `--at`: when something happened; now by default. */
export function parseAt(text: string | undefined, now: Date = new Date()): Date {
  return text === undefined ? now : parseDateOption("--at", text);
}

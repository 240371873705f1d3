import { acceptedDateFormats, parseDateStrict } from "../domain/dates.js";
import { UsageError } from "../errors.js";

/** `--at`: when something happened, strictly parsed (local time without a zone); now by default. */
export function parseAt(text: string | undefined, now: Date = new Date()): Date {
  if (text === undefined) return now;
  const iso = parseDateStrict(text);
  if (iso === undefined)
    throw new UsageError(`--at "${text}" is not a date (${acceptedDateFormats})`);
  return new Date(iso);
}

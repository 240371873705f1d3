import { createRequire } from "node:module";
import { teamDate, wallTime } from "./time-zone.js";

// date-fns' parse (some 50 modules with its locale) is needed only for a --date-format; every
// report imports this file for its day helpers, so parse loads on first use (as CommonJS,
// which require() can load synchronously), not at start-up.
const require = createRequire(import.meta.url);
let parseWithFormat: typeof import("date-fns/parse").parse | undefined;

/** Longer than any date format: every row would read it again, at a cost that grows with it. */
const longestDateFormat = 100;

/**
 * Why `format` cannot be a `--date-format`, or undefined when it can. date-fns finds a bad
 * token only when a date reaches it, so a sample date written in the format is read back.
 */
export function dateFormatProblem(format: string): string | undefined {
  if (format.trim() === "") return "is empty";
  if (format.length > longestDateFormat)
    return `is ${format.length} characters long; a date format has at most ${longestDateFormat}`;
  parseWithFormat ??= (require("date-fns/parse") as typeof import("date-fns/parse")).parse;
  const { format: formatDate } = require("date-fns/format") as typeof import("date-fns/format");
  const sample = new Date(2026, 10, 27, 9, 30, 15, 250);
  // date-fns also prints its reason for YYYY and DD to the console; it is ours to tell.
  const warn = console.warn;
  console.warn = () => {};
  try {
    parseWithFormat(formatDate(sample, format), format, sample);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return `is not a date-fns format (${error.message})`;
    throw error;
  } finally {
    console.warn = warn;
  }
}

/** Formats accepted without `--date-format`; shown in rejection reasons. */
export const acceptedDateFormats = "YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss] or ISO 8601";

// Date, optional time (space or T), optional fraction, optional zone. Nothing else.
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a date strictly and returns it as an ISO-8601 UTC string, or undefined when the text
 * is not a real date in an accepted form. Values without a zone are the team's local time
 * (see time-zone.ts).
 * With `format` (date-fns tokens, e.g. `MM/dd/yyyy`), that form is tried first.
 */
export function parseDateStrict(text: string, format?: string): string | undefined {
  const value = text.trim();
  if (format !== undefined) {
    parseWithFormat ??= (require("date-fns/parse") as typeof import("date-fns/parse")).parse;
    const parsed = parseWithFormat(value, format, new Date(2000, 0, 1));
    // date-fns' isValid, without loading it: an Invalid Date has a NaN time.
    // date-fns reads the wall clock into a process-local Date: read it on the team's clock.
    if (!Number.isNaN(parsed.getTime()) && parsed.getFullYear() >= 1000)
      return teamDate(
        parsed.getFullYear(),
        parsed.getMonth(),
        parsed.getDate(),
        parsed.getHours(),
        parsed.getMinutes(),
        parsed.getSeconds(),
        parsed.getMilliseconds(),
      ).toISOString();
  }
  const match = isoPattern.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  // Years below 1000 are typos, and Date would read 0-99 as 1900-1999.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  if (zone === undefined) {
    return teamDate(year, month - 1, day, hour, minute, second, millis).toISOString();
  }
  const offsetMinutes = zone === "Z" ? 0 : parseOffset(zone);
  if (offsetMinutes === undefined) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseOffset(zone: string): number | undefined {
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 14 || minutes > 59) return undefined;
  const sign = zone.startsWith("-") ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

/** The team's calendar day of an ISO instant: `2026-10-15`. */
export function localDay(iso: string): string {
  const date = wallTime(new Date(iso));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${pad(date.month + 1)}-${pad(date.day)}`;
}

/** The team's midnight at the start of a calendar day `YYYY-MM-DD`. */
export function startOfLocalDay(day: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return teamDate(year, month - 1, date);
}

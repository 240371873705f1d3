import { describe, expect, it } from "vitest";
import { dateFormatProblem, parseDateStrict } from "../../src/domain/dates.js";

/** The ISO string of a local-time (TZ) wall-clock value, whatever TZ the tests run in. */
function local(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) {
  return new Date(year, month - 1, day, hour, minute, second, ms).toISOString();
}

describe("parseDateStrict: accepted forms without a zone are local time", () => {
  it.each([
    ["2026-02-10", local(2026, 2, 10)],
    ["2026-12-31", local(2026, 12, 31)],
    ["2026-02-10 09:30", local(2026, 2, 10, 9, 30)],
    ["2026-02-10 09:30:15", local(2026, 2, 10, 9, 30, 15)],
    ["2026-02-10T09:30", local(2026, 2, 10, 9, 30)],
    ["2026-02-10T09:30:15", local(2026, 2, 10, 9, 30, 15)],
    ["2026-02-10T09:30:15.250", local(2026, 2, 10, 9, 30, 15, 250)],
    ["2026-02-10T09:30:15.5", local(2026, 2, 10, 9, 30, 15, 500)],
    ["2026-02-10 09:30:15,125", local(2026, 2, 10, 9, 30, 15, 125)],
    ["2026-02-10T09:30:15.123456789", local(2026, 2, 10, 9, 30, 15, 123)],
    ["2026-02-10T00:00:00", local(2026, 2, 10)],
    ["2026-12-31 23:59:59", local(2026, 12, 31, 23, 59, 59)],
    ["  2026-02-10  ", local(2026, 2, 10)],
    ["2024-02-29", local(2024, 2, 29)],
    ["2000-02-29", local(2000, 2, 29)],
    ["2026-04-30", local(2026, 4, 30)],
    ["2026-01-31", local(2026, 1, 31)],
  ])("%j → %s", (text, iso) => {
    expect(parseDateStrict(text)).toBe(iso);
  });
});

describe("parseDateStrict: accepted forms with a zone", () => {
  it.each([
    ["2026-02-10T09:30:00Z", "2026-02-10T09:30:00.000Z"],
    ["2026-02-10T09:30Z", "2026-02-10T09:30:00.000Z"],
    ["2026-02-10 09:30:00Z", "2026-02-10T09:30:00.000Z"],
    ["2026-02-10T09:30:00.123Z", "2026-02-10T09:30:00.123Z"],
    ["2026-02-10T09:30:00+02:00", "2026-02-10T07:30:00.000Z"],
    ["2026-02-10T09:30:00+0200", "2026-02-10T07:30:00.000Z"],
    ["2026-02-10T09:30+02:00", "2026-02-10T07:30:00.000Z"],
    ["2026-02-10T09:30:00-0530", "2026-02-10T15:00:00.000Z"],
    ["2026-02-10T09:30:00-05:30", "2026-02-10T15:00:00.000Z"],
    ["2026-02-10T09:30:00+05:45", "2026-02-10T03:45:00.000Z"],
    ["2026-02-10T09:30:00.5+01:00", "2026-02-10T08:30:00.500Z"],
    ["2026-02-10T09:30:00+00:00", "2026-02-10T09:30:00.000Z"],
    ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
    ["2026-02-28T23:00:00-02:00", "2026-03-01T01:00:00.000Z"],
    ["2026-02-10T09:30:00+14:00", "2026-02-09T19:30:00.000Z"],
  ])("%j → %s", (text, iso) => {
    expect(parseDateStrict(text)).toBe(iso);
  });
});

describe("parseDateStrict: rejected forms", () => {
  it.each([
    ["2026-02-30", "no 30 February"],
    ["2026-02-29", "2026 is not a leap year"],
    ["1900-02-29", "1900 is not a leap year"],
    ["2100-02-29", "2100 is not a leap year"],
    ["2026-04-31", "April has 30 days"],
    ["2026-13-01", "month 13"],
    ["2026-00-10", "month 0"],
    ["2026-02-00", "day 0"],
    ["2026-02-32", "day 32"],
    ["2026-02-10 24:00", "hour 24"],
    ["2026-02-10 23:60", "minute 60"],
    ["2026-02-10 23:59:60", "second 60"],
    ["10/02/2026", "day-first slashes without a format"],
    ["02/10/2026", "month-first slashes without a format"],
    ["10.02.2026", "dotted date without a format"],
    ["yesterday", "a word"],
    ["next Tuesday", "words"],
    ["Feb 10, 2026", "a written-out date"],
    ["", "empty"],
    ["   ", "blank"],
    ["2026-2-10", "one-digit month"],
    ["2026-02-1", "one-digit day"],
    ["26-02-10", "two-digit year"],
    ["20260210", "no separators"],
    ["2026-02-10 9:30", "one-digit hour"],
    ["2026-02-10T", "T without a time"],
    ["2026-02-10 09", "hour without minutes"],
    ["2026-02-10Z", "a zone without a time"],
    ["2026-02-10 09:30 UTC", "a zone name"],
    ["2026-02-10T09:30:00+15:00", "offset beyond +14:00"],
    ["2026-02-10T09:30:00+02:60", "offset minutes 60"],
    ["2026-02-10T09:30:00+2", "short offset"],
    ["2026-02-10T09:30:00.", "a dot without a fraction"],
    ["2026-02-10 09:30:00 extra", "trailing text"],
  ])("%j (%s)", (text) => {
    expect(parseDateStrict(text)).toBeUndefined();
  });
});

describe("parseDateStrict: leap years", () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [2026, false],
    [2025, false],
    [1900, false],
  ])("29 February %i is a date: %s", (year, leap) => {
    const result = parseDateStrict(`${year}-02-29`);
    if (leap) expect(result).toBe(local(year, 2, 29));
    else expect(result).toBeUndefined();
  });
});

describe("parseDateStrict with --date-format", () => {
  it.each([
    ["02/10/2026", "MM/dd/yyyy", local(2026, 2, 10)],
    ["12/31/2026", "MM/dd/yyyy", local(2026, 12, 31)],
    ["02/29/2024", "MM/dd/yyyy", local(2024, 2, 29)],
    [" 02/10/2026 ", "MM/dd/yyyy", local(2026, 2, 10)],
    ["10.02.2026 14:30", "dd.MM.yyyy HH:mm", local(2026, 2, 10, 14, 30)],
    ["31.12.2026 23:59", "dd.MM.yyyy HH:mm", local(2026, 12, 31, 23, 59)],
    ["01.01.2026 00:00", "dd.MM.yyyy HH:mm", local(2026, 1, 1)],
  ])("%j as %s → %s", (text, format, iso) => {
    expect(parseDateStrict(text, format)).toBe(iso);
  });

  it.each([
    ["2026-02-10", "MM/dd/yyyy", local(2026, 2, 10)],
    ["2026-02-10T09:30:00Z", "dd.MM.yyyy HH:mm", "2026-02-10T09:30:00.000Z"],
  ])("still accepts ISO 8601: %j with %s", (text, format, iso) => {
    expect(parseDateStrict(text, format)).toBe(iso);
  });

  it.each([
    ["02/30/2026", "MM/dd/yyyy", "no 30 February"],
    ["02/29/2026", "MM/dd/yyyy", "not a leap year"],
    ["13/01/2026", "MM/dd/yyyy", "month 13 (a day-first date)"],
    ["02/10/26", "MM/dd/yyyy", "two-digit year"],
    ["2026/02/10", "MM/dd/yyyy", "another order"],
    ["02/10/2026 junk", "MM/dd/yyyy", "trailing text"],
    ["10.02.2026", "dd.MM.yyyy HH:mm", "missing time"],
    ["31.02.2026 10:00", "dd.MM.yyyy HH:mm", "no 31 February"],
    ["10.02.2026 25:00", "dd.MM.yyyy HH:mm", "hour 25"],
    ["10.02.2026 10:60", "dd.MM.yyyy HH:mm", "minute 60"],
    ["yesterday", "MM/dd/yyyy", "a word"],
    ["", "MM/dd/yyyy", "empty"],
  ])("rejects %j as %s (%s)", (text, format) => {
    expect(parseDateStrict(text, format)).toBeUndefined();
  });
});

describe("--date-format itself", () => {
  it.each([
    "MM/dd/yyyy",
    "dd.MM.yyyy HH:mm",
    "'at' HH:mm 'on' dd/MM/yyyy",
    "yyyy-MM-dd'T'HH:mm:ssXXX",
  ])("%j is a date format", (format) => {
    expect(dateFormatProblem(format)).toBeUndefined();
  });

  // date-fns threw these at the first date it read, which made an internal error of them.
  it.each([
    [
      "is not a date-fns format (Format string contains an unescaped latin alphabet character `v`)",
      "vvv",
    ],
    ["Use `yyyy` instead of `YYYY`", "YYYY-MM-dd"],
    ["mustn't contain `HH` and `a` at the same time", "HH:mm a"],
    ["is empty", " "],
    ["is 1000000 characters long; a date format has at most 100", "d".repeat(1_000_000)],
  ])("refuses one that %s", (why, format) => {
    expect(dateFormatProblem(format)).toContain(why);
  });
});

describe("parseDateStrict: years", () => {
  // `new Date(99, ...)` and `Date.UTC(99, ...)` mean 1999; a strict parser must not do that.
  it.each(["0099-06-15", "0099-06-15 10:00", "0099-06-15T10:00:00Z"])(
    "%j is not read as a 1999 date",
    (text) => {
      expect(parseDateStrict(text) ?? "(rejected)").not.toMatch(/^1999-/);
    },
  );
});

import { describe, expect, it } from "vitest";
import { parsePeriod, previousPeriod } from "../../src/domain/periods.js";

// 27 November 2026, noon local time: a Friday in Q4.
const now = new Date(2026, 10, 27, 12);

/** Local midnight; months are 0-based as in `new Date`. */
const day = (year: number, month: number, date = 1) => new Date(year, month, date);

describe("parsePeriod: named periods", () => {
  it.each([
    ["2026-10", day(2026, 9), day(2026, 10), "2026-10"],
    ["2026-01", day(2026, 0), day(2026, 1), "2026-01"],
    ["2026-12", day(2026, 11), day(2027, 0), "2026-12"],
    ["2024-02", day(2024, 1), day(2024, 2), "2024-02"],
    ["2026-Q1", day(2026, 0), day(2026, 3), "2026-Q1"],
    ["2026-Q2", day(2026, 3), day(2026, 6), "2026-Q2"],
    ["2026-Q3", day(2026, 6), day(2026, 9), "2026-Q3"],
    ["2026-Q4", day(2026, 9), day(2027, 0), "2026-Q4"],
    ["2026-q4", day(2026, 9), day(2027, 0), "2026-Q4"],
    ["2026", day(2026, 0), day(2027, 0), "2026"],
    ["2025", day(2025, 0), day(2026, 0), "2025"],
    ["  2026-10  ", day(2026, 9), day(2026, 10), "2026-10"],
  ])("%j → [%s, %s) %s", (text, from, to, label) => {
    expect(parsePeriod(text, now)).toEqual({ from, to, label });
  });
});

describe("parsePeriod: periods relative to now", () => {
  it.each([
    ["this-month", day(2026, 10), day(2026, 11), "2026-11"],
    ["last-month", day(2026, 9), day(2026, 10), "2026-10"],
    ["this-quarter", day(2026, 9), day(2027, 0), "2026-Q4"],
    ["last-quarter", day(2026, 6), day(2026, 9), "2026-Q3"],
    ["this-year", day(2026, 0), day(2027, 0), "2026"],
    ["last-year", day(2025, 0), day(2026, 0), "2025"],
    ["This-Month", day(2026, 10), day(2026, 11), "2026-11"],
    [" LAST-QUARTER ", day(2026, 6), day(2026, 9), "2026-Q3"],
  ])("%j → [%s, %s) %s", (text, from, to, label) => {
    expect(parsePeriod(text, now)).toEqual({ from, to, label });
  });

  it("ytd runs from 1 January to now", () => {
    expect(parsePeriod("ytd", now)).toEqual({
      from: day(2026, 0),
      to: now,
      label: "2026-01-01..2026-11-27",
    });
  });

  it.each([
    // In January, last month is December of the year before.
    ["last-month", new Date(2026, 0, 15, 9), day(2025, 11), day(2026, 0), "2025-12"],
    ["this-month", new Date(2026, 0, 1, 0, 0, 0), day(2026, 0), day(2026, 1), "2026-01"],
    ["this-month", new Date(2026, 0, 31, 23, 59, 59), day(2026, 0), day(2026, 1), "2026-01"],
    ["last-month", new Date(2026, 2, 31, 12), day(2026, 1), day(2026, 2), "2026-02"],
    // In Q1, last quarter is Q4 of the year before.
    ["last-quarter", new Date(2026, 1, 10), day(2025, 9), day(2026, 0), "2025-Q4"],
    ["this-quarter", new Date(2026, 2, 31, 23), day(2026, 0), day(2026, 3), "2026-Q1"],
    ["this-quarter", new Date(2026, 3, 1), day(2026, 3), day(2026, 6), "2026-Q2"],
    ["last-year", new Date(2026, 0, 1), day(2025, 0), day(2026, 0), "2025"],
    ["this-year", new Date(2026, 11, 31, 23, 59), day(2026, 0), day(2027, 0), "2026"],
  ])("%j at %s → [%s, %s) %s", (text, at, from, to, label) => {
    expect(parsePeriod(text, at)).toEqual({ from, to, label });
  });

  it("ytd on 1 January starts and ends that day", () => {
    const at = new Date(2026, 0, 1, 8, 30);
    expect(parsePeriod("ytd", at)).toEqual({
      from: day(2026, 0),
      to: at,
      label: "2026-01-01..2026-01-01",
    });
  });

  it("starts every period at local midnight", () => {
    for (const text of ["this-month", "last-month", "this-quarter", "last-quarter", "ytd"]) {
      const from = parsePeriod(text, now)?.from;
      expect(from).toBeInstanceOf(Date);
      expect([from?.getHours(), from?.getMinutes(), from?.getSeconds(), from?.getDate()]).toEqual([
        0, 0, 0, 1,
      ]);
    }
  });
});

describe("parsePeriod: not a period", () => {
  it.each([
    "2026-13",
    "2026-00",
    "2026-1",
    "2026-Q5",
    "2026-Q0",
    "2026Q4",
    "Q4",
    "26",
    "26-10",
    "20261",
    "2026-10-01",
    "soon",
    "next-month",
    "this month",
    "",
    "   ",
  ])("%j", (text) => {
    expect(parsePeriod(text, now)).toBeUndefined();
  });
});

describe("parsePeriod with a fiscal year", () => {
  const april = { fiscalYearStart: 4 };
  const october = { fiscalYearStart: 10 };
  const now = new Date(2026, 10, 27, 12); // 27 November 2026

  it.each([
    // [text, calendar, from, to, label]
    ["2027", april, new Date(2026, 3, 1), new Date(2027, 3, 1), "FY2027"],
    ["FY2027", april, new Date(2026, 3, 1), new Date(2027, 3, 1), "FY2027"],
    ["2027-Q1", april, new Date(2026, 3, 1), new Date(2026, 6, 1), "FY2027-Q1"],
    ["2027-Q4", april, new Date(2027, 0, 1), new Date(2027, 3, 1), "FY2027-Q4"],
    ["this-quarter", april, new Date(2026, 9, 1), new Date(2027, 0, 1), "FY2027-Q3"],
    ["last-quarter", april, new Date(2026, 6, 1), new Date(2026, 9, 1), "FY2027-Q2"],
    ["this-year", april, new Date(2026, 3, 1), new Date(2027, 3, 1), "FY2027"],
    ["last-year", april, new Date(2025, 3, 1), new Date(2026, 3, 1), "FY2026"],
    ["this-quarter", october, new Date(2026, 9, 1), new Date(2027, 0, 1), "FY2027-Q1"],
    ["last-quarter", october, new Date(2026, 6, 1), new Date(2026, 9, 1), "FY2026-Q4"],
    ["2026-10", october, new Date(2026, 9, 1), new Date(2026, 10, 1), "2026-10"],
  ] as const)("%s with the year starting in month %o", (text, fiscal, from, to, label) => {
    expect(parsePeriod(text, now, fiscal)).toEqual({ from, to, label });
  });

  it("ytd runs from the fiscal year's start", () => {
    expect(parsePeriod("ytd", now, april)).toEqual({
      from: new Date(2026, 3, 1),
      to: now,
      label: "2026-04-01..2026-11-27",
    });
  });

  it("last-quarter from the first fiscal quarter goes back a fiscal year", () => {
    const inQ1 = new Date(2026, 4, 15); // May 2026: FY2027-Q1 with an April start
    expect(parsePeriod("last-quarter", inQ1, april)?.label).toBe("FY2026-Q4");
    expect(parsePeriod("last-quarter", inQ1, april)?.from).toEqual(new Date(2026, 0, 1));
  });
});

describe("previousPeriod", () => {
  it.each([
    ["2026-10", 1, "2026-09", day(2026, 8), day(2026, 9)],
    ["2026-01", 1, "2025-12", day(2025, 11), day(2026, 0)],
    ["2026-Q1", 1, "2025-Q4", day(2025, 9), day(2026, 0)],
    ["2026", 1, "2025", day(2025, 0), day(2026, 0)],
    ["2027-Q1", 4, "FY2026-Q4", day(2026, 0), day(2026, 3)],
    ["2027", 4, "FY2026", day(2025, 3), day(2026, 3)],
  ])("before %s (fiscal year from month %i) is %s", (name, fiscalYearStart, label, from, to) => {
    const period = parsePeriod(name, now, { fiscalYearStart });
    if (period === undefined) throw new Error(name);
    expect(previousPeriod(period, { fiscalYearStart })).toEqual({ from, to, label });
  });

  it("puts the same number of days before a custom span", () => {
    expect(previousPeriod({ from: day(2026, 9, 11), to: day(2026, 9, 21), label: "x" })).toEqual({
      from: day(2026, 9, 1),
      to: day(2026, 9, 11),
      label: "2026-10-01..2026-10-10",
    });
  });
});

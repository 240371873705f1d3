import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/domain/periods.js";
import {
  attainmentBand,
  coveredElapsedShare,
  elapsedShare,
  monthRanges,
  type QuotaSpan,
  quotaFigures,
  resolveQuota,
} from "../../src/domain/quota-math.js";

const now = new Date(2026, 10, 27, 12);
const period = (name: string, fiscalYearStart = 1) => {
  const parsed = parsePeriod(name, now, { fiscalYearStart });
  if (parsed === undefined) throw new Error(name);
  return parsed;
};
const quota = (name: string, target: number, fiscalYearStart = 1): QuotaSpan => ({
  ...period(name, fiscalYearStart),
  target,
});

describe("resolveQuota: which quota a period uses", () => {
  const q4 = quota("2026-Q4", 90_000);
  const oct = quota("2026-10", 20_000);
  const nov = quota("2026-11", 30_000);
  const dec = quota("2026-12", 45_000);
  const year = quota("2026", 360_000);
  it.each([
    ["its own quota", "2026-Q4", [q4, oct, nov, dec], 90_000, "2026-Q4", []],
    ["a third of its quarter", "2026-11", [q4], 30_000, "2026-Q4 × 1/3", []],
    ["its month over the quarter", "2026-11", [q4, nov], 30_000, "2026-11", []],
    [
      "the sum of its months",
      "2026-Q4",
      [oct, nov, dec],
      95_000,
      "2026-10 + 2026-11 + 2026-12",
      [],
    ],
    [
      "months where set, the quarter's share elsewhere",
      "2026-Q4",
      [oct, year],
      80_000,
      "2026-10 + 2026 × 1/6",
      [],
    ],
    ["the shortest holder first", "2026-10", [year, q4], 30_000, "2026-Q4 × 1/3", []],
    ["a twelfth of the year", "2026-02", [year], 30_000, "2026 × 1/12", []],
    [
      "a year from its quarters",
      "2026",
      [q4],
      90_000,
      "2026-Q4",
      [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
      ],
    ],
    ["part of a month by time", "2026-11-01..2026-11-15", [nov], 15_000, "2026-11 × 50%", []],
  ])("%s", (_, name, quotas, target, basis, uncovered) => {
    const span = name.includes("..")
      ? { from: new Date(2026, 10, 1), to: new Date(2026, 10, 16) }
      : period(name);
    expect(resolveQuota(span, quotas)).toMatchObject({ target, basis, uncovered });
  });

  it.each([
    ["all of it, for its own quota", "2026-Q4", [q4], [["2026-10-01", "2027-01-01"]]],
    ["its months joined", "2026-Q4", [oct, nov], [["2026-10-01", "2026-12-01"]]],
    [
      "the months a quota holds, apart",
      "2026",
      [quota("2026-03", 1), q4],
      [
        ["2026-03-01", "2026-04-01"],
        ["2026-10-01", "2027-01-01"],
      ],
    ],
  ])("covers %s", (_, name, quotas, spans) => {
    const day = (text: string) => new Date(`${text}T00:00:00`);
    expect(resolveQuota(period(name), quotas)?.covered).toEqual(
      spans.map(([from, to]) => ({ from: day(from as string), to: day(to as string) })),
    );
  });

  it("is undefined when no quota covers the period", () => {
    expect(resolveQuota(period("2026-Q3"), [q4, oct])).toBeUndefined();
    expect(resolveQuota(period("2026-Q4"), [])).toBeUndefined();
  });

  it("follows a fiscal year starting in April", () => {
    // FY2027 runs April 2026 to March 2027; its Q3 is October to December 2026.
    const fq3 = quota("2027-Q3", 60_000, 4);
    expect(resolveQuota(period("2026-12"), [fq3])).toMatchObject({
      target: 20_000,
      basis: "FY2027-Q3 × 1/3",
      uncovered: [],
    });
    expect(resolveQuota(period("2027-Q3", 4), [oct, nov, dec])?.target).toBe(95_000);
  });

  it("splits a leap February like any month", () => {
    const leap = quota("2028-Q1", 90_000);
    expect(resolveQuota(period("2028-02"), [leap])?.target).toBe(30_000);
    expect(
      resolveQuota({ from: new Date(2028, 1, 1), to: new Date(2028, 1, 15) }, [
        quota("2028-02", 29_000),
      ])?.target,
    ).toBe(14_000);
  });
});

describe("elapsedShare", () => {
  const november = period("2026-11");
  it.each([
    [new Date(2026, 9, 15), 0],
    [new Date(2026, 10, 1), 0],
    [new Date(2026, 10, 16), 0.5],
    [new Date(2026, 11, 1), 1],
    [new Date(2027, 0, 1), 1],
  ])("at %s → %s", (asOf, share) => {
    expect(elapsedShare(november, asOf)).toBeCloseTo(share, 10);
  });
});

describe("coveredElapsedShare: the time passed of a quota's spans", () => {
  const span = (from: number, to: number) => ({
    from: new Date(2026, from, 1),
    to: new Date(2026, to, 1),
  });
  // March, and October to December: 31 + 92 days.
  const spans = [span(2, 3), span(9, 12)];
  it.each([
    [new Date(2026, 1, 1), 0],
    [new Date(2026, 5, 1), 31 / 123],
    [new Date(2026, 10, 16), (31 + 46) / 123],
    [new Date(2027, 0, 1), 1],
  ])("at %s → %s", (asOf, share) => {
    expect(coveredElapsedShare(spans, asOf)).toBeCloseTo(share, 10);
  });
  it("is 1 for no time at all", () => {
    expect(coveredElapsedShare([], new Date(2026, 0, 1))).toBe(1);
  });
});

describe("monthRanges", () => {
  it.each([
    [[], ""],
    [["2026-12"], "2026-12"],
    [["2026-12", "2026-11"], "2026-11 to 2026-12"],
    [["2026-11", "2026-12", "2027-01", "2027-03"], "2026-11 to 2027-01, 2027-03"],
  ])("%j → %s", (months, text) => {
    expect(monthRanges(months)).toBe(text);
  });
});

describe("quotaFigures (GUIDE §3)", () => {
  it("in progress: pacing, projection, gap and coverage", () => {
    expect(quotaFigures({ quota: 100, achieved: 30, elapsed: 0.4, pipeline: 140 })).toEqual({
      attainmentPct: 30,
      expected: 40,
      pacingPct: 75,
      projection: 75,
      gap: 70,
      coverage: 2,
    });
  });

  it("closed: final figures only", () => {
    expect(quotaFigures({ quota: 100, achieved: 120, elapsed: 1, pipeline: 50 })).toEqual({
      attainmentPct: 120,
      expected: null,
      pacingPct: null,
      projection: null,
      gap: -20,
      coverage: null,
    });
  });

  it("not started: no pace yet, coverage of the whole quota", () => {
    expect(quotaFigures({ quota: 100, achieved: 0, elapsed: 0, pipeline: 50 })).toEqual({
      attainmentPct: 0,
      expected: null,
      pacingPct: null,
      projection: null,
      gap: 100,
      coverage: 0.5,
    });
  });

  it("without a quota: what was achieved and where it is heading", () => {
    expect(quotaFigures({ quota: null, achieved: 50, elapsed: 0.5, pipeline: 10 })).toEqual({
      attainmentPct: null,
      expected: null,
      pacingPct: null,
      projection: 100,
      gap: null,
      coverage: null,
    });
  });

  it("no coverage once the quota is met, and none for a zero quota's attainment", () => {
    expect(
      quotaFigures({ quota: 100, achieved: 100, elapsed: 0.5, pipeline: 10 }).coverage,
    ).toBeNull();
    expect(
      quotaFigures({ quota: 0, achieved: 5, elapsed: 0.5, pipeline: 10 }).attainmentPct,
    ).toBeNull();
  });
});

describe("attainmentBand", () => {
  it.each([
    [null, null],
    [0, "bad"],
    [69.9, "bad"],
    [70, "warn"],
    [99.9, "warn"],
    [100, "good"],
    [250, "good"],
  ])("%s %% → %s", (percent, band) => {
    expect(attainmentBand(percent)).toBe(band);
  });
});

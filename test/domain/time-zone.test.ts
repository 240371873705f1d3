import { afterEach, describe, expect, it, vi } from "vitest";
import { parsePeriod } from "../../src/domain/periods.js";
import {
  instantIn,
  isTimeZone,
  teamDate,
  useProcessTimeZone,
  useTimeZone,
  wallTime,
  wallTimeIn,
} from "../../src/domain/time-zone.js";

afterEach(() => useProcessTimeZone());

// Wall clocks read through Intl, whatever the process's TZ: the team's zone is the database's.
describe("instantIn: a zone's wall clock as an instant", () => {
  it.each([
    // zone, wall clock (month 0-11), instant
    ["Europe/Lisbon", [2026, 2, 29, 0, 0], "2026-03-29T00:00:00.000Z"], // day of the spring change
    ["Europe/Lisbon", [2026, 2, 29, 1, 30], "2026-03-29T01:30:00.000Z"], // skipped: 02:30 WEST
    ["Europe/Lisbon", [2026, 2, 30, 0, 0], "2026-03-29T23:00:00.000Z"],
    ["Europe/Lisbon", [2026, 9, 25, 1, 30], "2026-10-25T00:30:00.000Z"], // shown twice: the first
    ["Europe/Lisbon", [2026, 10, 1, 0, 0], "2026-11-01T00:00:00.000Z"],
    ["America/New_York", [2026, 2, 8, 0, 0], "2026-03-08T05:00:00.000Z"],
    ["America/New_York", [2026, 2, 8, 2, 30], "2026-03-08T07:30:00.000Z"], // skipped: 03:30 EDT
    ["America/New_York", [2026, 10, 1, 0, 0], "2026-11-01T04:00:00.000Z"], // fall-back day
    ["America/New_York", [2026, 10, 1, 1, 30], "2026-11-01T05:30:00.000Z"], // shown twice
    ["Australia/Lord_Howe", [2026, 3, 5, 0, 0], "2026-04-04T13:00:00.000Z"], // +11 until 02:00
    ["Australia/Lord_Howe", [2026, 3, 6, 0, 0], "2026-04-05T13:30:00.000Z"], // then +10:30
    ["Australia/Lord_Howe", [2026, 3, 5, 1, 45], "2026-04-04T14:45:00.000Z"], // shown twice
    ["Australia/Lord_Howe", [2026, 9, 4, 2, 15], "2026-10-03T15:45:00.000Z"], // skipped 30 min
    ["UTC", [2026, 12, 1, 0, 0], "2027-01-01T00:00:00.000Z"], // month 12 carries over
  ] as const)("%s %j is %s", (zone, [year, month, day, hour, minute], iso) => {
    expect(instantIn(zone, year, month, day, hour, minute).toISOString()).toBe(iso);
  });
});

describe("wallTimeIn: an instant on a zone's wall clock", () => {
  it.each([
    ["Europe/Lisbon", "2026-03-29T00:59:59.000Z", [2026, 2, 29, 0, 59]],
    ["Europe/Lisbon", "2026-03-29T01:00:00.000Z", [2026, 2, 29, 2, 0]],
    ["America/New_York", "2026-11-01T05:59:00.000Z", [2026, 10, 1, 1, 59]],
    ["America/New_York", "2026-11-01T06:00:00.000Z", [2026, 10, 1, 1, 0]],
    ["Australia/Lord_Howe", "2026-04-04T14:59:00.000Z", [2026, 3, 5, 1, 59]],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00.000Z", [2026, 3, 5, 1, 30]],
  ] as const)("%s at %s reads %j", (zone, iso, [year, month, day, hour, minute]) => {
    expect(wallTimeIn(new Date(iso), zone)).toMatchObject({ year, month, day, hour, minute });
  });
});

describe("periods on the team's clock, whatever TZ says", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it.each([
    // A month that starts on a clock-change day, and one that ends on one.
    ["Europe/Lisbon", "2026-03", "2026-03-01T00:00:00.000Z", "2026-03-31T23:00:00.000Z"],
    ["Europe/Lisbon", "2026-10", "2026-09-30T23:00:00.000Z", "2026-11-01T00:00:00.000Z"],
    ["America/New_York", "2026-11", "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z"],
    ["America/New_York", "2026-Q1", "2026-01-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z"],
    ["Australia/Lord_Howe", "2026-04", "2026-03-31T13:00:00.000Z", "2026-04-30T13:30:00.000Z"],
    ["Australia/Lord_Howe", "2026-10", "2026-09-30T13:30:00.000Z", "2026-10-31T13:00:00.000Z"],
    ["Pacific/Auckland", "2026-11", "2026-10-31T11:00:00.000Z", "2026-11-30T11:00:00.000Z"],
  ] as const)("%s: %s runs from %s to %s", (zone, name, from, to) => {
    useTimeZone(zone);
    const period = parsePeriod(name, now);
    expect([period?.from.toISOString(), period?.to.toISOString()]).toEqual([from, to]);
  });
});

// ICU's start costs ~20 ms of a command's start-up: a run on UTC's clock never needs it.
describe("UTC, known without Intl", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    vi.restoreAllMocks();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it("reads UTC's wall clock and periods whatever TZ says, and calls no Intl", () => {
    process.env.TZ = "Asia/Tokyo";
    const dateTimeFormat = vi.spyOn(Intl, "DateTimeFormat");
    expect(isTimeZone("UTC")).toBe(true);
    useTimeZone("UTC");
    expect(wallTime(new Date("2026-11-30T20:00:00Z"))).toMatchObject({ day: 30, hour: 20 });
    expect(teamDate(2026, 10, 1).toISOString()).toBe("2026-11-01T00:00:00.000Z");
    const period = parsePeriod("2026-11", new Date("2026-11-27T12:00:00Z"));
    expect([period?.from.toISOString(), period?.to.toISOString()]).toEqual([
      "2026-11-01T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
    ]);
    expect(dateTimeFormat).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from "vitest";
import { periodFromOptions } from "../../src/cli/period-options.js";
import { UsageError } from "../../src/errors.js";

const calendar = { fiscalYearStart: 1 };
const now = new Date(2026, 10, 27, 15);

describe("periodFromOptions", () => {
  it("uses the default period relative to now", () => {
    expect(periodFromOptions({}, "this-month", calendar, now).period).toEqual({
      from: new Date(2026, 10, 1),
      to: new Date(2026, 11, 1),
      label: "2026-11",
    });
  });

  it("--as-of moves what relative periods mean", () => {
    const { period, asOf } = periodFromOptions(
      { period: "last-month", asOf: "2027-01-10" },
      "this-month",
      calendar,
      now,
    );
    expect(period.label).toBe("2026-12");
    // A date alone is the end of that day: all of it counts.
    expect(asOf).toEqual(new Date(2027, 0, 10, 23, 59, 59, 999));
    const moment = periodFromOptions({ asOf: "2027-01-10 09:30" }, "this-month", calendar, now);
    expect(moment.asOf).toEqual(new Date(2027, 0, 10, 9, 30));
  });

  it("--from/--to include the whole last day", () => {
    expect(
      periodFromOptions({ from: "2026-10-05", to: "2026-10-06" }, "this-month", calendar, now)
        .period,
    ).toEqual({
      from: new Date(2026, 9, 5),
      to: new Date(2026, 9, 7),
      label: "2026-10-05..2026-10-06",
    });
  });

  it("--from/--to take months: from the first one's first day to the last one's last", () => {
    expect(
      periodFromOptions({ from: "2017-06", to: "2018-12" }, "this-month", calendar, now).period,
    ).toEqual({ from: new Date(2017, 5, 1), to: new Date(2019, 0, 1), label: "2017-06..2018-12" });
    expect(
      periodFromOptions({ from: "2026-10-05", to: "2026-11" }, "this-month", calendar, now).period,
    ).toMatchObject({ from: new Date(2026, 9, 5), to: new Date(2026, 11, 1) });
  });

  it.each([
    [{ from: "2026-13", to: "2026-12" }, '--from "2026-13" is not a month (YYYY-MM) or a date'],
    [{ from: "2026-10-05" }, "--from and --to go together"],
    [
      { period: "2026-10", from: "2026-10-01", to: "2026-10-02" },
      "give --period or --from/--to, not both",
    ],
    [{ from: "2026-10-05", to: "2026-10-01" }, "--to 2026-10-01 is before --from 2026-10-05"],
    [{ from: "05/10/2026", to: "2026-10-06" }, '--from "05/10/2026" is not a date'],
    [{ period: "soon" }, '--period "soon" is not a period'],
    [{ asOf: "tomorrow" }, '--as-of "tomorrow" is not a date'],
  ])("refuses %j as a usage error", (options, message) => {
    expect(() => periodFromOptions(options, "this-month", calendar, now)).toThrow(UsageError);
    expect(() => periodFromOptions(options, "this-month", calendar, now)).toThrow(message);
  });
});

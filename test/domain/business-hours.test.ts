import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addWorkingMinutes,
  formatWorkingDays,
  parseWorkingDays,
  parseWorkingHours,
  type WorkingCalendar,
  WorkingClock,
  workingMinutesBetween,
} from "../../src/domain/business-hours.js";

// Wall-clock times below are local to the zone each case names; Node re-reads TZ when it is set.
let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

/** `2026-11-27 16:00` as a local wall-clock time in the current TZ. */
function local(text: string): Date {
  const [date, time = "00:00"] = text.split(" ");
  const [y, mo, d] = (date as string).split("-").map(Number) as [number, number, number];
  const [h, mi] = time.split(":").map(Number) as [number, number];
  return new Date(y, mo - 1, d, h, mi);
}

const officeHours: WorkingCalendar = { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 };
const aroundTheClock: WorkingCalendar = {
  days: [0, 1, 2, 3, 4, 5, 6],
  startMinute: 0,
  endMinute: 1440,
};
const sundayToThursday: WorkingCalendar = {
  days: [0, 1, 2, 3, 4],
  startMinute: 480,
  endMinute: 960,
};

describe("workingMinutesBetween (mon-fri 09:00-17:00 unless said)", () => {
  // 2026-11-25 is a Wednesday, 2026-11-27 a Friday, 2026-11-28/29 the weekend.
  it.each([
    ["Europe/Lisbon", officeHours, "2026-11-25 10:00", "2026-11-25 11:30", 90, "inside one day"],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-25 08:00",
      "2026-11-25 18:00",
      480,
      "a whole day, from before to after hours",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-25 18:00",
      "2026-11-26 08:30",
      0,
      "overnight, outside hours",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-27 16:00",
      "2026-11-30 10:00",
      120,
      "Fri 16-17 (60) + Mon 09-10 (60)",
    ],
    ["Europe/Lisbon", officeHours, "2026-11-28 10:00", "2026-11-29 18:00", 0, "a weekend"],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-28 10:00",
      "2026-11-30 09:30",
      30,
      "Saturday to Monday 09:30",
    ],
    ["Europe/Lisbon", officeHours, "2026-11-30 10:00", "2026-11-27 10:00", 0, "to before from"],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-02 09:00",
      "2026-11-30 09:00",
      9600,
      "4 whole weeks: 4 x 5 x 480",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-04 13:00",
      "2026-11-30 11:00",
      8520,
      "Wed 13:00 .. Mon 11:00: 240 + 2 x 480 + 3 weeks x 2400 + 120",
    ],
    // Lisbon leaves summer time on Sunday 2026-10-25 at 02:00: a night change costs no working time.
    [
      "Europe/Lisbon",
      officeHours,
      "2026-10-23 16:00",
      "2026-10-26 10:00",
      120,
      "across the October clock change",
    ],
    // New York starts summer time on Sunday 2026-03-08.
    [
      "America/New_York",
      officeHours,
      "2026-03-06 16:00",
      "2026-03-09 10:00",
      120,
      "across the March clock change",
    ],
    // Around the clock, a day is its real length: 25 h when clocks go back, 23 h when forward.
    [
      "Europe/Lisbon",
      aroundTheClock,
      "2026-10-25 00:00",
      "2026-10-26 00:00",
      1500,
      "the 25-hour day",
    ],
    [
      "Europe/Lisbon",
      aroundTheClock,
      "2026-03-29 00:00",
      "2026-03-30 00:00",
      1380,
      "the 23-hour day",
    ],
    [
      "Europe/Lisbon",
      aroundTheClock,
      "2026-10-01 00:00",
      "2026-11-01 00:00",
      44700,
      "October: 31 x 1440 + 60, the change inside a whole week",
    ],
    [
      "Asia/Jerusalem",
      sundayToThursday,
      "2026-11-26 15:00",
      "2026-11-29 09:00",
      120,
      "Thu 15-16 (60) + Sun 08-09 (60)",
    ],
  ] as const)("%s %s .. %s", (tz, calendar, from, to, minutes, _why) => {
    process.env.TZ = tz;
    expect(workingMinutesBetween(local(from), local(to), calendar)).toBe(minutes);
  });
});

describe("addWorkingMinutes: deadlines", () => {
  it.each([
    ["Europe/Lisbon", officeHours, "2026-11-25 10:00", 240, "2026-11-25 14:00", "same day"],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-27 16:00",
      240,
      "2026-11-30 12:00",
      "Fri 16:00 + 4 h: 1 h Friday, 3 h Monday",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-28 10:00",
      240,
      "2026-11-30 13:00",
      "a Saturday handoff starts Monday 09:00",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-25 15:00",
      120,
      "2026-11-25 17:00",
      "ends exactly at closing time, not next morning",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-25 18:00",
      60,
      "2026-11-26 10:00",
      "after hours: from the next morning",
    ],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-11-23 15:00",
      960,
      "2026-11-25 15:00",
      "2 working days from Monday 15:00",
    ],
    ["Europe/Lisbon", officeHours, "2026-11-27 12:00", 2400, "2026-12-04 12:00", "a working week"],
    [
      "Europe/Lisbon",
      officeHours,
      "2026-10-23 16:00",
      240,
      "2026-10-26 12:00",
      "across the October clock change",
    ],
    [
      "America/New_York",
      officeHours,
      "2026-03-06 16:00",
      240,
      "2026-03-09 12:00",
      "across the March clock change",
    ],
    [
      "Asia/Jerusalem",
      sundayToThursday,
      "2026-11-26 15:00",
      120,
      "2026-11-29 09:00",
      "sun-thu week",
    ],
    [
      "Europe/Lisbon",
      aroundTheClock,
      "2026-10-24 12:00",
      1440,
      "2026-10-25 11:00",
      "24 real hours over the 25-hour day",
    ],
  ] as const)("%s %s + %i min", (tz, calendar, from, minutes, due, _why) => {
    process.env.TZ = tz;
    expect(addWorkingMinutes(local(from), minutes, calendar).getTime()).toBe(local(due).getTime());
  });

  it("is the inverse of workingMinutesBetween for instants inside working hours", () => {
    process.env.TZ = "Europe/Lisbon";
    for (const minutes of [1, 59, 240, 480, 481, 2400, 9999]) {
      const from = local("2026-10-21 11:15");
      expect(
        workingMinutesBetween(from, addWorkingMinutes(from, minutes, officeHours), officeHours),
      ).toBe(minutes);
    }
  });

  it("gives the real instant: Monday 12:00 in Lisbon after the change is 12:00 UTC, not 11:00", () => {
    process.env.TZ = "Europe/Lisbon";
    // Friday 16:00 is 15:00 UTC (summer time); Monday 12:00 is 12:00 UTC (winter time).
    expect(local("2026-10-23 16:00").toISOString()).toBe("2026-10-23T15:00:00.000Z");
    expect(addWorkingMinutes(local("2026-10-23 16:00"), 240, officeHours).toISOString()).toBe(
      "2026-10-26T12:00:00.000Z",
    );
  });
});

describe("WorkingClock: one clock for a whole report remembers the days it worked out", () => {
  it.each([
    ["2026-10-23 16:00", 240, "2026-10-26 12:00", "Fri 16-17 + Mon 09-12, over the clock change"],
    [
      "2026-10-31 10:00",
      480,
      "2026-11-02 17:00",
      "Saturday 31st: all of Monday the 2nd, in the next month",
    ],
    [
      "2026-10-30 15:00",
      120,
      "2026-10-30 17:00",
      "Fri 15-17 uses it up: Friday's end, not Monday's start",
    ],
  ] as const)("after other deadlines: %s + %i min = %s (%s)", (from, minutes, due, _why) => {
    process.env.TZ = "Europe/Lisbon";
    const clock = new WorkingClock(officeHours);
    // Deadlines from other days first, so that this one reads days the clock has seen.
    for (const other of ["2026-10-01 09:30", "2026-10-22 13:00", "2026-10-29 16:30"])
      clock.addMinutes(local(other), 2400);
    expect(clock.addMinutes(local(from), minutes).getTime()).toBe(local(due).getTime());
    expect(clock.minutesBetween(local(from), local(due))).toBe(minutes);
  });

  it("gives what a fresh calendar gives, for handoffs over two months and waits of up to 90 days", () => {
    process.env.TZ = "Europe/Lisbon";
    const clock = new WorkingClock(officeHours);
    const weekdays = new WorkingClock(sundayToThursday);
    // Every 7 h 13 min from 1 October (summer time) to 30 November (winter time): every hour
    // of the day and every weekday, with waits that end in later months.
    for (let at = local("2026-10-01 00:00").getTime(); at < local("2026-11-30 00:00").getTime(); ) {
      const from = new Date(at);
      for (const minutes of [1, 240, 1440, 4800]) {
        expect(clock.addMinutes(from, minutes).getTime()).toBe(
          addWorkingMinutes(from, minutes, officeHours).getTime(),
        );
        expect(weekdays.addMinutes(from, minutes).getTime()).toBe(
          addWorkingMinutes(from, minutes, sundayToThursday).getTime(),
        );
      }
      for (const days of [0.1, 3, 45, 90]) {
        const to = new Date(at + days * 86_400_000);
        expect(clock.minutesBetween(from, to)).toBe(workingMinutesBetween(from, to, officeHours));
        expect(weekdays.minutesBetween(from, to)).toBe(
          workingMinutesBetween(from, to, sundayToThursday),
        );
      }
      at += (7 * 60 + 13) * 60_000;
    }
  });
});

describe("working days and hours as typed", () => {
  it.each([
    ["mon-fri", [1, 2, 3, 4, 5]],
    ["MON-FRI", [1, 2, 3, 4, 5]],
    ["monday-friday", [1, 2, 3, 4, 5]],
    ["sun-thu", [0, 1, 2, 3, 4]],
    ["mon,wed,fri", [1, 3, 5]],
    ["mon-thu, sat", [1, 2, 3, 4, 6]],
    ["fri-mon", [0, 1, 5, 6]],
    ["sat", [6]],
    ["", undefined],
    ["mo-fr", undefined],
    ["mon-fri-sat", undefined],
    ["funday", undefined],
    ["mon,,fri", undefined],
  ] as const)("days %j", (text, days) => {
    expect(parseWorkingDays(text)).toEqual(days);
  });

  it.each([
    [[1, 2, 3, 4, 5], "mon-fri"],
    [[0, 1, 2, 3, 4], "sun-thu"],
    [[1, 3, 5], "mon,wed,fri"],
    [[1, 2], "mon,tue"],
    [[0, 1, 5, 6], "sun,mon,fri,sat"],
  ] as const)("formats %j as %s, which reads back the same", (days, text) => {
    expect(formatWorkingDays(days)).toBe(text);
    expect(parseWorkingDays(text)).toEqual(days);
  });

  it.each([
    ["09:00-17:00", { startMinute: 540, endMinute: 1020 }],
    ["9:30 - 18:00", { startMinute: 570, endMinute: 1080 }],
    ["08:00-24:00", { startMinute: 480, endMinute: 1440 }],
    ["00:00-24:00", { startMinute: 0, endMinute: 1440 }],
    ["17:00-09:00", undefined],
    ["09:00-09:00", undefined],
    ["25:00-26:00", undefined],
    ["09:00-24:30", undefined],
    ["09:60-17:00", undefined],
    ["9-17", undefined],
  ] as const)("hours %j", (text, hours) => {
    expect(parseWorkingHours(text)).toEqual(hours);
  });
});

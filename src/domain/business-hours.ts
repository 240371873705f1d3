/**
 * Working time: which days of the week and which hours of the day count, in local time (TZ),
 * like period edges. Pure: instants in, minutes or instants out. A working day's hours are
 * real elapsed time, so a day whose clocks change during working hours is an hour shorter or
 * longer; a change at night (the usual case) changes nothing.
 */
import { teamDate, teamOffsetMinutes, wallTime } from "./time-zone.js";
export interface WorkingCalendar {
  /** Days of the week that count, 0 = Sunday ... 6 = Saturday. At least one. */
  readonly days: readonly number[];
  /** Start and end of the working day in minutes after local midnight; start < end <= 1440. */
  readonly startMinute: number;
  readonly endMinute: number;
}

export const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const minuteMs = 60_000;

/**
 * `mon-fri`, `sun-thu`, `mon,wed,fri`, `mon-thu,sat`; a range may wrap (`fri-mon`). Undefined
 * when the text is not such a list.
 */
export function parseWorkingDays(text: string): number[] | undefined {
  const days = new Set<number>();
  const value = text.trim().toLowerCase();
  if (value === "") return undefined;
  for (const part of value.split(",")) {
    const [first, last, ...rest] = part.trim().split("-");
    if (rest.length > 0 || first === undefined) return undefined;
    const from = dayIndex(first);
    const to = last === undefined ? from : dayIndex(last);
    if (from === undefined || to === undefined) return undefined;
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

function dayIndex(name: string): number | undefined {
  const index = dayNames.findIndex((day) => name.trim().startsWith(day));
  // `mon` and `monday` name Monday; `mo` or `mondays!` do not.
  if (index === -1) return undefined;
  const full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
  return name.trim() === dayNames[index] || name.trim() === full[index] ? index : undefined;
}

/** Days as the shortest text `parseWorkingDays` reads back: `mon-fri`, `mon,wed,fri`, `sun-thu`. */
export function formatWorkingDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run[1] === day - 1) run[1] = day;
    else runs.push([day, day]);
  }
  return runs
    .map(([from, to]) =>
      from === to
        ? dayNames[from]
        : to === from + 1
          ? `${dayNames[from]},${dayNames[to]}`
          : `${dayNames[from]}-${dayNames[to]}`,
    )
    .join(",");
}

/** `09:00-17:00` (24-hour clock; `24:00` ends at midnight). Undefined unless start < end. */
export function parseWorkingHours(
  text: string,
): { startMinute: number; endMinute: number } | undefined {
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) return undefined;
  const startMinute = h1 * 60 + m1;
  const endMinute = h2 * 60 + m2;
  return startMinute < endMinute ? { startMinute, endMinute } : undefined;
}

/** `09:00-17:00`. */
export function formatWorkingHours(calendar: { startMinute: number; endMinute: number }): string {
  const clock = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `${clock(calendar.startMinute)}-${clock(calendar.endMinute)}`;
}

/** Minutes of a working day as set (8 h = 480), whatever the clocks do on a given day. */
export function workingDayMinutes(calendar: WorkingCalendar): number {
  return calendar.endMinute - calendar.startMinute;
}

const dayMs = 86_400_000;

/** Calendar days from the local day of `from` to the local day of `to`. */
function localDaysBetween(from: Date, to: Date): number {
  const [start, end] = [wallTime(from), wallTime(to)];
  const a = Date.UTC(start.year, start.month, start.day);
  const b = Date.UTC(end.year, end.month, end.day);
  return Math.round((b - a) / dayMs);
}

/**
 * Working time on one calendar. It remembers the span of each day it worked out (two
 * local-time conversions each): a report judges tens of thousands of handoffs over the same
 * few hundred days. Spans are local time, so make one per report, not across a change of TZ.
 */
export class WorkingClock {
  private readonly spans = new Map<number, readonly [number, number]>();
  private readonly offsets = new Map<number, number>();

  constructor(readonly calendar: WorkingCalendar) {}

  /** The working span of a local day (a day off gives undefined), as epoch milliseconds. */
  private span(
    year: number,
    month: number,
    day: number,
    weekday: number,
  ): readonly [number, number] | undefined {
    if (!this.calendar.days.includes(weekday)) return undefined;
    // The day as given: a day number past the month's end names a day of a later month,
    // which may then be kept under two keys, each with that day's span.
    const key = (year * 12 + month) * 1_000_000 + day;
    let span = this.spans.get(key);
    if (span === undefined) {
      // Local wall-clock times: `new Date(y, m, d, 0, minutes)` follows the zone's rules
      // (DST), and a day number past the month's end rolls over, so days are counted, never
      // skipped.
      span = [
        teamDate(year, month, day, 0, this.calendar.startMinute).getTime(),
        teamDate(year, month, day, 0, this.calendar.endMinute).getTime(),
      ];
      this.spans.set(key, span);
    }
    return span;
  }

  /** The zone's offset (minutes) at the local midnight starting a day, as `span` names days. */
  private midnightOffset(year: number, month: number, day: number): number {
    const key = (year * 12 + month) * 1_000_000 + day;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = teamOffsetMinutes(teamDate(year, month, day));
      this.offsets.set(key, offset);
    }
    return offset;
  }

  /**
   * Working minutes between two instants (0 when `to` is not after `from`). Whole weeks in
   * the middle of a long span count at once when the zone's offset is the same at both ends
   * of the week (no clock change inside it: zones change at most once a week), so a wait of
   * months costs a few steps a week, not a few a day.
   */
  minutesBetween(from: Date, to: Date): number {
    const calendar = this.calendar;
    const start = from.getTime();
    const end = to.getTime();
    if (!(end > start)) return 0;
    const { year, month, day: first, weekday: firstWeekday } = wallTime(from);
    const last = localDaysBetween(from, to);
    const dayLength = (calendar.endMinute - calendar.startMinute) * minuteMs;
    const weekLength = calendar.days.length * dayLength;
    let total = 0;
    for (let offset = 0; offset <= last; ) {
      // A whole week strictly inside the span: every working day counts in full.
      if (offset >= 1 && offset + 7 <= last) {
        if (
          this.midnightOffset(year, month, first + offset) ===
          this.midnightOffset(year, month, first + offset + 7)
        ) {
          total += weekLength;
          offset += 7;
          continue;
        }
      }
      const span = this.span(year, month, first + offset, (firstWeekday + offset) % 7);
      if (span !== undefined) {
        const overlap = Math.min(span[1], end) - Math.max(span[0], start);
        if (overlap > 0) total += overlap;
      }
      offset += 1;
    }
    return total / minuteMs;
  }

  /**
   * The instant `minutes` working minutes after `from`: a deadline. Time outside working
   * hours does not count, so a handoff on Saturday with 4 working hours is due Monday 13:00
   * (09-17). A deadline that uses up a day exactly is that day's end (17:00), not the next
   * day's start.
   */
  addMinutes(from: Date, minutes: number): Date {
    if (this.calendar.days.length === 0)
      throw new Error("a working calendar needs at least one day");
    const start = from.getTime();
    let remaining = minutes * minuteMs;
    const { year, month, day: first, weekday: firstWeekday } = wallTime(from);
    for (let offset = 0; ; offset++) {
      const span = this.span(year, month, first + offset, (firstWeekday + offset) % 7);
      if (span === undefined) continue;
      const begin = Math.max(span[0], start);
      const available = span[1] - begin;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }
}

/** Working minutes between two instants (see `WorkingClock.minutesBetween`). */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  return new WorkingClock(calendar).minutesBetween(from, to);
}

/** The deadline `minutes` working minutes after `from` (see `WorkingClock.addMinutes`). */
export function addWorkingMinutes(from: Date, minutes: number, calendar: WorkingCalendar): Date {
  return new WorkingClock(calendar).addMinutes(from, minutes);
}

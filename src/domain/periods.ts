import { addMonths, startOfMonth, teamDate, wallTime } from "./time-zone.js";

// date-fns' format(date, "yyyy-MM[-dd]"), on the team's clock.
const pad = (value: number, width: number) => String(value).padStart(width, "0");
function monthLabel(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  const wall = wallTime(date);
  return `${pad(wall.year, 4)}-${pad(wall.month + 1, 2)}`;
}
function dayLabel(date: Date): string {
  return `${monthLabel(date)}-${pad(wallTime(date).day, 2)}`;
}

/** A span of time: `from` inclusive, `to` exclusive, edges on the team's clock (time-zone.ts). */
export interface Period {
  readonly from: Date;
  readonly to: Date;
  /** A name for headers and file names: `2026-10`, `2026-Q4`, `2026`, `FY2027-Q1`, `2026-01-01..2026-11-27`. */
  readonly label: string;
}

export { periodExamples } from "./period-names.js";

/**
 * Quarters and years follow the fiscal year, which starts in month `fiscalYearStart` (1-12;
 * 1 = calendar year). A fiscal year that does not start in January is named by the calendar
 * year in which it ends: with a start in April, FY2027 runs from April 2026 to March 2027, and
 * `2027-Q1` is April to June 2026.
 */
export interface FiscalCalendar {
  readonly fiscalYearStart: number;
}

const calendar: FiscalCalendar = { fiscalYearStart: 1 };

function month(start: Date): Period {
  return { from: start, to: addMonths(start, 1), label: monthLabel(start) };
}

/** The first day of fiscal year `name`. */
function fiscalYearStartOf(name: number, fiscal: FiscalCalendar): Date {
  const startYear = fiscal.fiscalYearStart === 1 ? name : name - 1;
  return teamDate(startYear, fiscal.fiscalYearStart - 1, 1);
}

/** The name of the fiscal year that `date` falls in. */
function fiscalYearOf(date: Date, fiscal: FiscalCalendar): number {
  const wall = wallTime(date);
  if (fiscal.fiscalYearStart === 1) return wall.year;
  return wall.month + 1 >= fiscal.fiscalYearStart ? wall.year + 1 : wall.year;
}

function yearLabel(name: number, fiscal: FiscalCalendar): string {
  return fiscal.fiscalYearStart === 1 ? String(name) : `FY${name}`;
}

function fiscalYear(name: number, fiscal: FiscalCalendar): Period {
  const from = fiscalYearStartOf(name, fiscal);
  return { from, to: addMonths(from, 12), label: yearLabel(name, fiscal) };
}

function fiscalQuarter(name: number, quarter: number, fiscal: FiscalCalendar): Period {
  const from = addMonths(fiscalYearStartOf(name, fiscal), 3 * (quarter - 1));
  return { from, to: addMonths(from, 3), label: `${yearLabel(name, fiscal)}-Q${quarter}` };
}

/** The fiscal quarter `date` falls in, as [fiscal year name, quarter 1-4]. */
function quarterOf(date: Date, fiscal: FiscalCalendar): [number, number] {
  const name = fiscalYearOf(date, fiscal);
  const [wall, start] = [wallTime(date), wallTime(fiscalYearStartOf(name, fiscal))];
  const months = (wall.year - start.year) * 12 + wall.month - start.month;
  return [name, Math.floor(months / 3) + 1];
}

function shiftQuarter([name, quarter]: [number, number], by: number): [number, number] {
  const index = name * 4 + (quarter - 1) + by;
  return [Math.floor(index / 4), (index % 4) + 1];
}

/** Parses a period name relative to `now`; undefined when it is not one. */
export function parsePeriod(
  text: string,
  now: Date,
  fiscal: FiscalCalendar = calendar,
): Period | undefined {
  const value = text.trim().toLowerCase();
  let match = /^(\d{4})-(\d{2})$/.exec(value);
  // Years below 1000 are typos (and would sort wrongly as text dates).
  const year = /^(?:fy)?(\d{4})/.exec(value)?.[1];
  if (year !== undefined && Number(year) < 1000) return undefined;
  if (match !== null) {
    const monthNumber = Number(match[2]);
    if (monthNumber < 1 || monthNumber > 12) return undefined;
    return month(teamDate(Number(match[1]), monthNumber - 1, 1));
  }
  match = /^(?:fy)?(\d{4})-q([1-4])$/.exec(value);
  if (match !== null) return fiscalQuarter(Number(match[1]), Number(match[2]), fiscal);
  match = /^(?:fy)?(\d{4})$/.exec(value);
  if (match !== null) return fiscalYear(Number(match[1]), fiscal);
  switch (value) {
    case "this-month":
      return month(startOfMonth(now));
    case "last-month":
      return month(addMonths(startOfMonth(now), -1));
    case "this-quarter":
      return fiscalQuarter(...quarterOf(now, fiscal), fiscal);
    case "last-quarter":
      return fiscalQuarter(...shiftQuarter(quarterOf(now, fiscal), -1), fiscal);
    case "this-year":
      return fiscalYear(fiscalYearOf(now, fiscal), fiscal);
    case "last-year":
      return fiscalYear(fiscalYearOf(now, fiscal) - 1, fiscal);
    case "ytd": {
      const from = fiscalYearStartOf(fiscalYearOf(now, fiscal), fiscal);
      return {
        from,
        to: now,
        label: `${dayLabel(from)}..${dayLabel(now)}`,
      };
    }
    default:
      return undefined;
  }
}

/** The month `date` falls in, as a period name: `2026-10`. */
export function monthNameOf(date: Date): string {
  return monthLabel(date);
}

/** The (fiscal) quarter `date` falls in, as a period name: `2026-Q4`, `FY2027-Q1`. */
export function quarterNameOf(date: Date, fiscal: FiscalCalendar = calendar): string {
  const [name, quarter] = quarterOf(date, fiscal);
  return `${yearLabel(name, fiscal)}-Q${quarter}`;
}

/**
 * The period just before `period`, of the same length: the month before a month, the quarter
 * before a quarter, the same number of days before a custom span. For comparisons (deltas).
 */
export function previousPeriod(period: Period, fiscal: FiscalCalendar = calendar): Period {
  const { from, to } = period;
  const [first, end] = [wallTime(from), wallTime(to)];
  const months = (end.year - first.year) * 12 + end.month - first.month;
  const wholeMonths =
    months > 0 &&
    first.day === 1 &&
    first.hour === 0 &&
    addMonths(from, months).getTime() === to.getTime();
  if (wholeMonths && months === 1) return month(addMonths(from, -1));
  if (wholeMonths && months === 3) {
    const start = addMonths(from, -3);
    return { from: start, to: from, label: quarterNameOf(start, fiscal) };
  }
  if (wholeMonths && months === 12)
    return fiscalYear(fiscalYearOf(addMonths(from, -12), fiscal), fiscal);
  const start = wholeMonths
    ? addMonths(from, -months)
    : new Date(from.getTime() - (to.getTime() - from.getTime()));
  return {
    from: start,
    to: from,
    label: `${dayLabel(start)}..${dayLabel(new Date(from.getTime() - 1))}`,
  };
}

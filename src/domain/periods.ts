import { addMonths } from "date-fns/addMonths";
import { addQuarters } from "date-fns/addQuarters";
import { addYears } from "date-fns/addYears";
import { format } from "date-fns/format";
import { startOfMonth } from "date-fns/startOfMonth";
import { startOfQuarter } from "date-fns/startOfQuarter";
import { startOfYear } from "date-fns/startOfYear";

/** A span of time: `from` inclusive, `to` exclusive, edges in local time. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
  /** A name for headers and file names: `2026-10`, `2026-Q4`, `2026`, `2026-01-01..2026-11-27`. */
  readonly label: string;
}

export const periodExamples =
  "2026-10, 2026-Q4, 2026, this-month, last-month, this-quarter, last-quarter, this-year, last-year, ytd";

function month(start: Date): Period {
  return { from: start, to: addMonths(start, 1), label: format(start, "yyyy-MM") };
}

function quarter(start: Date): Period {
  return {
    from: start,
    to: addQuarters(start, 1),
    label: `${format(start, "yyyy")}-Q${Math.floor(start.getMonth() / 3) + 1}`,
  };
}

function year(start: Date): Period {
  return { from: start, to: addYears(start, 1), label: format(start, "yyyy") };
}

/** Parses a period name relative to `now`; undefined when it is not one. */
export function parsePeriod(text: string, now: Date): Period | undefined {
  const value = text.trim().toLowerCase();
  let match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match !== null) {
    const monthNumber = Number(match[2]);
    if (monthNumber < 1 || monthNumber > 12) return undefined;
    return month(new Date(Number(match[1]), monthNumber - 1, 1));
  }
  match = /^(\d{4})-q([1-4])$/.exec(value);
  if (match !== null) return quarter(new Date(Number(match[1]), (Number(match[2]) - 1) * 3, 1));
  match = /^(\d{4})$/.exec(value);
  if (match !== null) return year(new Date(Number(match[1]), 0, 1));
  switch (value) {
    case "this-month":
      return month(startOfMonth(now));
    case "last-month":
      return month(addMonths(startOfMonth(now), -1));
    case "this-quarter":
      return quarter(startOfQuarter(now));
    case "last-quarter":
      return quarter(addQuarters(startOfQuarter(now), -1));
    case "this-year":
      return year(startOfYear(now));
    case "last-year":
      return year(addYears(startOfYear(now), -1));
    case "ytd": {
      const from = startOfYear(now);
      return {
        from,
        to: now,
        label: `${format(from, "yyyy-MM-dd")}..${format(now, "yyyy-MM-dd")}`,
      };
    }
    default:
      return undefined;
  }
}

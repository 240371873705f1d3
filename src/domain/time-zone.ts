/**
 * The team's clock: the time zone whose midnights are period edges and whose calendar days
 * reports show. It is the database's (`funnel config set timezone`), or `--tz` for one run, and
 * never the process's TZ, so people in Lisbon and New York get one set of figures. Offsets come
 * from Intl (the zone's rules as ICU knows them); process.env.TZ is left alone.
 *
 * The zone is one per run, like the clock itself: set once before a command runs (see
 * cli/team-clock.ts), and read by every local-time helper, so period maths and renderers need
 * no zone passed through them.
 */

/** A moment as a wall clock in a zone reads it; `month` 0-11 and `weekday` 0 (Sunday)-6, as Date's. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
}

/**
 * The zone of the run; `native` when it is the process's own, whose Date methods are faster.
 * None outside a command: the process's zone, as Date has it (pure tests set TZ).
 */
let current: { name: string; native: boolean; overridden: boolean } | undefined;

/**
 * The one zone known without Intl: UTC, always 0 ahead, the zone of most servers and cron jobs.
 * ICU starts on the first Intl call, which costs ~20 ms, a good part of `funnel leads`' own start.
 */
const utc = "UTC";

/** The process's own zone: `TZ` when it names a zone, else the machine's. */
export function processTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TZ?.replace(/^:/, "");
  if (fromEnv !== undefined && fromEnv !== "" && isTimeZone(fromEnv)) return canonical(fromEnv);
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether `name` is a time zone Intl knows (`Europe/Lisbon`, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "" || name !== name.trim()) return false;
  if (name === utc) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A zone's name as Intl spells it (`europe/lisbon` is `Europe/Lisbon`). */
export function canonical(name: string): string {
  if (name === utc) return utc;
  return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
}

/** Makes `name` the run's zone; `overridden` when `--tz` chose it. */
export function useTimeZone(name: string, options: { overridden?: boolean } = {}): void {
  const zone = canonical(name);
  current = {
    name: zone,
    // UTC's offsets need no Intl (offsetMinutes), nor does it need to be the process's zone.
    native: zone !== utc && zone === new Intl.DateTimeFormat().resolvedOptions().timeZone,
    overridden: options.overridden === true,
  };
}

/** Back to the process's zone, once a command is done. */
export function useProcessTimeZone(): void {
  current = undefined;
}

/** The run's zone, and whether `--tz` chose it. */
export function timeZone(): { readonly name: string; readonly overridden: boolean } {
  return current ?? { name: processTimeZone(), overridden: false };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
/** Offsets change at whole quarter hours of UTC (Lord Howe's at 15:30): cached per quarter. */
const quarterHour = 15 * 60_000;

/** Minutes `zone` is ahead of UTC at the instant `ms`. */
export function offsetMinutes(ms: number, zone: string): number {
  if (zone === utc) return 0;
  const key = `${zone} ${Math.floor(ms / quarterHour)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, formatter);
  }
  const part: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(ms)) part[type] = Number(value);
  const year = part.relatedYear ?? part.year ?? 0;
  const wall = Date.UTC(
    year,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    part.hour ?? 0,
    part.minute ?? 0,
    part.second ?? 0,
  );
  const offset = Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The wall clock of `zone` at `instant`. */
export function wallTimeIn(instant: Date, zone: string): WallTime {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant.getTime(), zone) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
  };
}

const day = 86_400_000;

/**
 * The instant a wall clock in `zone` reads year-month-day hour:minute..., out-of-range parts
 * carried over as Date's constructor does (month 12 is January next year). As Date does for
 * local time: a time the clocks skip (a spring-forward gap) is read with the offset before it,
 * so it lands after the gap; a time they show twice is the earlier.
 */
export function instantIn(
  zone: string,
  year: number,
  month: number,
  date = 1,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): Date {
  const wall = new Date(0);
  wall.setUTCFullYear(year, month, date);
  wall.setUTCHours(hour, minute, second, millisecond);
  const local = wall.getTime();
  const before = offsetMinutes(local - day, zone);
  const after = offsetMinutes(local + day, zone);
  const candidates = [before, after]
    .map((offset) => ({ offset, at: local - offset * 60_000 }))
    .filter(({ offset, at }) => offsetMinutes(at, zone) === offset)
    .map(({ at }) => at);
  return new Date(candidates.length === 0 ? local - before * 60_000 : Math.min(...candidates));
}

/** The team's wall clock at `instant` (see useTimeZone). */
export function wallTime(instant: Date): WallTime {
  if (current !== undefined && !current.native) return wallTimeIn(instant, current.name);
  return {
    year: instant.getFullYear(),
    month: instant.getMonth(),
    day: instant.getDate(),
    hour: instant.getHours(),
    minute: instant.getMinutes(),
    second: instant.getSeconds(),
    millisecond: instant.getMilliseconds(),
    weekday: instant.getDay(),
  };
}

/** Minutes the team's clock is ahead of UTC at `instant`. */
export function teamOffsetMinutes(instant: Date): number {
  if (current === undefined || current.native) return -instant.getTimezoneOffset();
  return offsetMinutes(instant.getTime(), current.name);
}

/** `new Date(year, month, ...)` on the team's wall clock instead of the process's. */
export function teamDate(
  year: number,
  month: number,
  date = 1,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): Date {
  if (current === undefined || current.native)
    return new Date(year, month, date, hour, minute, second, millisecond);
  return instantIn(current.name, year, month, date, hour, minute, second, millisecond);
}

/** The first moment of the month `instant` falls in, on the team's clock. */
export function startOfMonth(instant: Date): Date {
  const wall = wallTime(instant);
  return teamDate(wall.year, wall.month, 1);
}

/** `instant` moved by `months` on the team's clock, the day kept or clamped to the month's last. */
export function addMonths(instant: Date, months: number): Date {
  const wall = wallTime(instant);
  const lastDay = new Date(Date.UTC(wall.year, wall.month + months + 1, 0)).getUTCDate();
  return teamDate(
    wall.year,
    wall.month + months,
    Math.min(wall.day, lastDay),
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
}

/** Calendar months from `earlier`'s month to `later`'s, on the team's clock. */
export function monthsBetween(later: Date, earlier: Date): number {
  const [a, b] = [wallTime(later), wallTime(earlier)];
  return (a.year - b.year) * 12 + a.month - b.month;
}

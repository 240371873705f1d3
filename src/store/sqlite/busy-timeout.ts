import { UserError } from "../../errors.js";
import type { Db } from "./driver.js";

/** How long a command waits for another one's write lock before giving up, unless told. */
const defaultBusyTimeoutMs = 5000;
const maxBusyTimeoutMs = 2_147_483_647;

/**
 * The wait for another command's write lock: `FUNNEL_BUSY_TIMEOUT_MS`, else 5000 ms. A cron
 * job that may overlap a nightly import can wait it out with a longer one.
 */
export function busyTimeoutMs(env: NodeJS.ProcessEnv): number {
  const text = env.FUNNEL_BUSY_TIMEOUT_MS;
  if (text === undefined || text.trim() === "") return defaultBusyTimeoutMs;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || !/^\s*\d+\s*$/.test(text)) {
    throw new UserError(
      `FUNNEL_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not "${text}"`,
      "e.g. FUNNEL_BUSY_TIMEOUT_MS=30000, or unset it for the default of 5000",
    );
  }
  // SQLite's busy timeout is a C int: about 24.8 days is the longest wait it can take.
  if (value > maxBusyTimeoutMs) {
    throw new UserError(
      `FUNNEL_BUSY_TIMEOUT_MS can be at most ${maxBusyTimeoutMs} (about 24 days), not ${text.trim()}`,
      "give a shorter wait, e.g. FUNNEL_BUSY_TIMEOUT_MS=3600000 for an hour",
    );
  }
  return value;
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY, ...). */
export function isBusyCode(code: unknown): boolean {
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/**
 * The one message for "another command holds the write lock": what happened (after waiting
 * `waitedMs`), what to do.
 */
export function databaseBusyError(
  path: string | undefined,
  waitedMs = defaultBusyTimeoutMs,
): UserError {
  const subject = path === undefined ? "the database" : `database ${path}`;
  return new UserError(
    `${subject} is busy: another funnel command was still writing to it after ${waitedMs} ms; nothing was changed`,
    "run this again when that command has finished, or wait longer with FUNNEL_BUSY_TIMEOUT_MS=60000",
  );
}

/** The busy timeout a connection was opened with. */
export function busyTimeoutOf(db: Db): number {
  return db.pragma("busy_timeout", { simple: true }) as number;
}

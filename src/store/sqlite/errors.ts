import { totalTooLarge } from "../../domain/money.js";
import { UserError } from "../../errors.js";
import { ReadOnlyStoreError } from "../store.js";
import { databaseBusyError, isBusyCode } from "./busy-timeout.js";

/**
 * SQLite's errors that mean something a user can act on, as one-line UserErrors naming the
 * database at `path` (waited on for `waitedMs` when busy); any other error as it is. Every way
 * out of the SQLite engine passes here, so nothing above store/ meets an SQLITE_* code.
 */
export function describeSqliteError(
  error: unknown,
  path: string | undefined,
  waitedMs: number | undefined,
): unknown {
  if (error instanceof UserError) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return error;
  // A write that meets another command's lock: SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT and the like.
  if (isBusyCode(code)) return databaseBusyError(path, waitedMs);
  // SQLite adds integers exactly up to 2^63 and raises this past it: a sum of amounts.
  if (code === "SQLITE_ERROR" && message === "integer overflow") return totalTooLarge();
  switch (code) {
    case "SQLITE_FULL":
      return new UserError(
        "the disk is full; nothing was changed",
        "free some space and run the command again",
      );
    case "SQLITE_READONLY":
      return new ReadOnlyStoreError(
        "the database is read-only; nothing was changed",
        "check the permissions of the file and its folder",
      );
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return new UserError(
        "the database file is damaged or not a funnel database",
        "restore it from a backup",
      );
  }
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DIRECTORY, ...) by family.
  // A write failed in the middle of a transaction: SQLite rolls it back.
  if (code.startsWith("SQLITE_IOERR"))
    return new UserError(
      `the database file could not be read or written (${code}: ${String(message)}); nothing was changed`,
      "check the disk: free space, the file size limit (ulimit -f), the device",
    );
  if (code.startsWith("SQLITE_READONLY"))
    return new ReadOnlyStoreError(
      `the database is read-only (${code}); nothing was changed`,
      "check the permissions of the file and its folder",
    );
  if (code.startsWith("SQLITE_CANTOPEN"))
    return new UserError(
      "the database file cannot be opened",
      "check that its folder exists and that the file and folder are readable and writable",
    );
  return error;
}

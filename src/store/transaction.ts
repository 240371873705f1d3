import { busyTimeoutOf, databaseBusyError, isBusyCode } from "./busy-timeout.js";
import type { Db } from "./database.js";

/**
 * Runs async work (a streamed import) inside one write transaction: committed when `work`
 * resolves, rolled back when it throws or when `rollback` says so (a dry run, or a result that
 * keeps nothing). better-sqlite3's own `transaction()` is synchronous, hence this. The write lock is taken up front, so a
 * second writer waits (busy timeout) or fails before anything is read.
 */
export async function runInTransaction<T>(
  db: Db,
  options: { rollback: boolean | ((result: T) => boolean) },
  work: () => Promise<T>,
): Promise<T> {
  begin(db);
  try {
    const result = await work();
    const rollback =
      typeof options.rollback === "function" ? options.rollback(result) : options.rollback;
    db.exec(rollback ? "ROLLBACK" : "COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** `runInTransaction` for synchronous work (revert, scoring): the same lock, the same dry run. */
export function runSyncTransaction<T>(db: Db, options: { rollback: boolean }, work: () => T): T {
  begin(db);
  try {
    const result = work();
    db.exec(options.rollback ? "ROLLBACK" : "COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function begin(db: Db): void {
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (error) {
    if (isBusyCode((error as { code?: string }).code))
      throw databaseBusyError(db.name, busyTimeoutOf(db));
    throw error;
  }
}

/**
 * Runs reads against one snapshot of the database: a report's statements all see the same
 * commit, even when an import commits between two of them (each statement would otherwise
 * read the latest one, and a report could mix the state before with the state after).
 */
export function readSnapshot<T>(db: Db, work: () => T): T {
  if (db.inTransaction) return work();
  db.exec("BEGIN");
  try {
    return work();
  } finally {
    if (db.inTransaction) db.exec("COMMIT");
  }
}

import { basename } from "node:path";
import type { Db } from "./driver.js";

/**
 * The SQL of copying whole databases: SQLite's online backup, VACUUM INTO, the checks a copy
 * must pass, and writing a copy back over a live database.
 */

/** The largest step better-sqlite3 accepts: every page in one step. */
const allPages = 0x7fffffff;

/** Whether the file holds any schema at all (a brand-new file holds none). */
export function hasSchema(db: Db): boolean {
  return (db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number) > 0;
}

export function readSchemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Whether the tables every funnel database has are there. */
export function looksLikeFunnelDatabase(db: Db): boolean {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('leads', 'reps')")
    .pluck()
    .all();
  return tables.length === 2;
}

export function countAllLeads(db: Db): number {
  return db.prepare("SELECT count(*) FROM leads").pluck().get() as number;
}

export function pageSize(db: Db): number {
  return db.pragma("page_size", { simple: true }) as number;
}

/** Problems `PRAGMA integrity_check` finds (at most `limit`); empty when the file is sound. */
export function integrityProblems(db: Db, limit = 5): string[] {
  return checkResult(db.pragma(`integrity_check(${Math.trunc(limit)})`, { simple: false }));
}

/** `PRAGMA quick_check`: the structure without cross-checking indexes; linear time. */
export function quickCheck(db: Db, limit = 5): string[] {
  return checkResult(db.pragma(`quick_check(${Math.trunc(limit)})`, { simple: false }));
}

function checkResult(rows: unknown): string[] {
  const messages = (rows as Record<string, string>[]).map((row) => Object.values(row)[0] ?? "");
  if (messages.length === 1 && messages[0] === "ok") return [];
  // One problem a line, without the "*** in database main ***" headings.
  return messages
    .flatMap((message) => message.split("\n"))
    .filter((line) => line.trim() !== "" && !line.startsWith("*** "));
}

/** A copy that is one file (no -wal to go with it), as a backup should be. */
export function makeSelfContained(db: Db): void {
  db.pragma("journal_mode = DELETE");
}

export function useWriteAheadLog(db: Db): void {
  db.pragma("journal_mode = WAL");
}

/** Gives a (rollback-journal) database another page size, rebuilding it. */
export function changePageSize(db: Db, size: number): void {
  db.pragma(`page_size = ${Math.trunc(size)}`);
  db.exec("VACUUM");
}

/**
 * A consistent snapshot of `db` into `destination`, an existing empty file, by VACUUM INTO:
 * a read transaction, so writers carry on meanwhile.
 */
export function vacuumInto(db: Db, destination: string): void {
  db.prepare("VACUUM INTO ?").run(destination);
}

/**
 * Copies `db` into `destination` (an existing empty file) with SQLite's online backup API,
 * all pages in one step: one read transaction, so the copy is a consistent snapshot even while
 * other processes write (a step-wise copy restarts whenever they commit).
 */
export async function backUpOnline(db: Db, destination: string): Promise<void> {
  const progress = await db.backup(destination, { progress: () => allPages });
  // better-sqlite3 reports a step that found the source locked as a finished empty copy.
  if (progress.totalPages === 0 && pageCount(db) > 0) throw busyError(db.name);
}

/**
 * Writes `source` over the live database file `target` with the backup API: one write
 * transaction on the target, so other connections (other processes) see the old database or
 * the new one, never a mix, and the target keeps its own WAL, where a file renamed over it
 * would leave theirs pointing at a deleted file. `whileLocked` runs once the target's write
 * lock is held, before any page is written: nothing can commit in between. When it throws,
 * the target is left as it was. Waits for another writer up to `busyTimeoutMs`.
 */
export async function writeOverDatabase(
  source: Db,
  target: string,
  whileLocked: () => void,
  busyTimeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    let locked = false;
    await source.backup(target, {
      progress: () => {
        // Called after a first step of no pages, which took the target's write lock.
        if (!locked) {
          locked = true;
          whileLocked();
        }
        return allPages;
      },
    });
    if (locked) return;
    // The first step found the target locked and better-sqlite3 stopped there: try again.
    if (Date.now() >= deadline) throw busyError(target);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pageCount(db: Db): number {
  return db.pragma("page_count", { simple: true }) as number;
}

function busyError(name: string): Error {
  return Object.assign(new Error(`database ${name} is locked`), { code: "SQLITE_BUSY" });
}

/** The setting under which a restore records, in the database it restores, its kept copy. */
const keptCopySetting = "restore.kept-copy";

/**
 * Records in `restoring` (the copy about to replace the database) the name its kept copy will
 * have: the restored database then says that its restore committed, which a killed restore's
 * pending copy is judged by.
 */
export function markKeptCopy(restoring: Db, keptCopy: string): void {
  restoring
    .prepare(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .run(keptCopySetting, basename(keptCopy));
}

/** The kept copy the database's last restore recorded (see markKeptCopy), or undefined. */
export function keptCopyMark(db: Db): string | undefined {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(keptCopySetting) as
    | { value: string }
    | undefined;
  return row?.value;
}

import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { handlePendingSignals } from "../../cli/interruptible.js";
import { InterruptedError, UserError } from "../../errors.js";
import { isSameFile } from "../../files/files-read.js";
import {
  findLeftovers,
  type LastRestore,
  publishKeptCopy,
  settleLeftovers,
} from "../../files/leftovers.js";
import {
  createPrivateFile,
  fileTimestamp,
  publishFile,
  removeDatabaseFiles,
  temporaryPathNextTo,
  unusedPath,
} from "../../files/private-files.js";
import { refuseBrokenLink } from "./back-up.js";
import { type Db, driverPath, migrate, openDatabase, openExistingDatabase } from "./database.js";
import {
  backUpOnline,
  changePageSize,
  countAllLeads,
  integrityProblems,
  keptCopyMark,
  looksLikeFunnelDatabase,
  makeSelfContained,
  markKeptCopy,
  pageSize,
  quickCheck,
  readSchemaVersion,
  useWriteAheadLog,
  vacuumInto,
  writeOverDatabase,
} from "./database-copies.js";
import { schemaVersion } from "./migrations.js";

export interface RestorePlan {
  /** The database to replace. */
  readonly database: string;
  /** The backup file to restore. */
  readonly source: string;
  readonly sourceSchemaVersion: number;
  /** Leads in the backup. */
  readonly leads: number;
  /** Leads in the database now; undefined when there is none or it cannot be read. */
  readonly currentLeads: number | undefined;
  readonly databaseExists: boolean;
}

export interface RestoreOptions {
  readonly database: string;
  readonly source: string;
  /** Asked once the backup has passed every check, before anything is replaced. */
  readonly confirm: (plan: RestorePlan) => Promise<boolean>;
  readonly now: Date;
  /** How long to wait for another command's write lock (see busyTimeoutMs). */
  readonly busyTimeoutMs: number;
  /** Aborted by Ctrl-C: the restore stops before it replaces anything, if it has not yet. */
  readonly signal?: AbortSignal | undefined;
}

export interface RestoreResult extends RestorePlan {
  /** The schema version the restored database has (a backup's older one is upgraded). */
  readonly schemaVersion: number;
  /** Where the replaced database was kept; undefined when there was none. */
  readonly keptCopy: string | undefined;
}

const sqliteHeader = Buffer.from("SQLite format 3\0", "latin1");

/**
 * Restores a backup over the database. Before anything is replaced, the backup is copied next
 * to the database and that copy checked: a SQLite file, `PRAGMA integrity_check` ok, a funnel
 * schema no newer than this funnel's (an older one is migrated in the copy, so the backup file
 * itself is never changed). Then the database is replaced in one SQLite write transaction,
 * after a copy of it as it was (`<db>.before-restore-<time>`, 0600) has been saved.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const { database, source, busyTimeoutMs: timeoutMs } = options;
  checkSource(source, database);
  checkDatabasePath(database);
  // A killed restore's copies, first: this one is about to record another kept copy.
  settleLeftovers(
    findLeftovers(dirname(database), {
      path: database,
      lastRestore: lastRestoreOf(database, timeoutMs),
    }),
  );
  const temporary = temporaryPathNextTo(database, "restore");
  let restoring: Db | undefined;
  try {
    removeDatabaseFiles(temporary);
    createPrivateFile(temporary);
    await copyBackup(source, temporary, timeoutMs);
    restoring = openExistingDatabase(temporary, timeoutMs);
    const sourceSchemaVersion = checkBackup(restoring, source);
    if (sourceSchemaVersion < schemaVersion) migrate(restoring);
    const plan: RestorePlan = {
      database,
      source,
      sourceSchemaVersion,
      leads: countAllLeads(restoring),
      currentLeads: currentLeadCount(database, timeoutMs),
      databaseExists: existsSync(database),
    };
    if (!(await options.confirm(plan)))
      throw new UserError("nothing was restored", "answer yes, or pass --yes");
    // Ctrl-C while the backup was copied and checked: the last moment nothing is replaced yet.
    await handlePendingSignals();
    if (options.signal?.aborted === true)
      throw new InterruptedError("interrupted; nothing was restored");
    const keptCopy = await replaceDatabase(restoring, temporary, database, options.now, timeoutMs);
    restoring = undefined;
    return { ...plan, ...checkRestored(database, timeoutMs), keptCopy };
  } finally {
    restoring?.close();
    removeDatabaseFiles(temporary);
  }
}

function checkSource(source: string, database: string): void {
  if (!existsSync(source))
    throw new UserError(`there is no file ${source}; nothing was changed`, "check the path");
  if (statSync(source).isDirectory())
    throw new UserError(`${source} is a folder; nothing was changed`, "pass a backup file");
  if (!hasSqliteHeader(source))
    throw new UserError(
      `${source} is not a SQLite database; nothing was changed`,
      "pass a file written by funnel backup",
    );
  if (isSameFile(source, database))
    throw new UserError(
      `${source} is the database itself; nothing was changed`,
      "pass a backup file, or another --db",
    );
}

function checkDatabasePath(database: string): void {
  refuseBrokenLink(database, "nothing was changed");
  if (existsSync(database) && statSync(database).isDirectory())
    throw new UserError(`${database} is a folder; nothing was changed`, "pass a file to --db");
  if (!existsSync(dirname(database)))
    throw new UserError(
      `the folder of ${database} does not exist; nothing was changed`,
      "create it first, or pass another --db",
    );
  // A WAL without its database (deleted by hand) would be replayed onto the restored file.
  if (!existsSync(database) && existsSync(`${database}-wal`))
    throw new UserError(
      `${database}-wal is there without ${database}: it is left from a database that was deleted, and SQLite would apply it to the restored one; nothing was changed`,
      `move ${database}-wal and ${database}-shm away, then run the restore again`,
    );
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(sqliteHeader.length);
  const fd = openSync(path, "r");
  try {
    return (
      readSync(fd, header, 0, header.length, 0) === header.length && header.equals(sqliteHeader)
    );
  } finally {
    closeSync(fd);
  }
}

/** The backup, read with the online backup API (its own WAL included, if it has one). */
async function copyBackup(source: string, temporary: string, timeoutMs: number): Promise<void> {
  const backup = openExistingDatabase(source, timeoutMs);
  try {
    await backUpOnline(backup, temporary);
  } catch (error) {
    throw asDamagedBackup(error, source);
  } finally {
    backup.close();
  }
}

/** SQLite's "not a database" or "malformed" while reading the backup: the backup is at fault. */
function asDamagedBackup(error: unknown, source: string): unknown {
  if (isUnreadable(error))
    return new UserError(
      `${source} is damaged or not a SQLite database; nothing was changed`,
      "restore another backup",
    );
  return error;
}

/** The copy's schema version, once it has proved sound and a funnel database this funnel reads. */
function checkBackup(restoring: Db, source: string): number {
  let problems: string[];
  try {
    makeSelfContained(restoring);
    // A page damaged badly enough makes the check itself fail rather than list problems.
    problems = integrityProblems(restoring);
  } catch (error) {
    throw asDamagedBackup(error, source);
  }
  if (problems.length > 0)
    throw new UserError(
      `${source} fails SQLite's integrity check (${problems[0]}); nothing was changed`,
      "restore another backup",
    );
  const version = readSchemaVersion(restoring);
  if (version > schemaVersion)
    throw new UserError(
      `${source} has schema version ${version}, newer than this funnel understands (${schemaVersion}); nothing was changed`,
      "upgrade funnel to restore it",
    );
  if (version < 1 || !looksLikeFunnelDatabase(restoring))
    throw new UserError(
      `${source} is a SQLite database but not a funnel database; nothing was changed`,
      "pass a file written by funnel backup",
    );
  return version;
}

function currentLeadCount(database: string, timeoutMs: number): number | undefined {
  if (!existsSync(database)) return undefined;
  try {
    const current = openExistingDatabase(database, timeoutMs);
    try {
      return countAllLeads(current);
    } finally {
      current.close();
    }
  } catch {
    // Damaged, or not a funnel database: the restore is how it gets repaired.
    return undefined;
  }
}

/** What the database says of its last restore; unknown when there is none or it is unreadable. */
function lastRestoreOf(database: string, timeoutMs: number): LastRestore {
  if (!existsSync(database)) return "unknown";
  try {
    const current = openExistingDatabase(database, timeoutMs);
    try {
      return { keptCopy: keptCopyMark(current) };
    } finally {
      current.close();
    }
  } catch {
    return "unknown";
  }
}

/**
 * Puts the checked copy in place of the database; returns where the replaced one was kept.
 * `restoring` is closed on return. The copy of the replaced database is made (and synced)
 * under a pending name before the restore commits, and takes its final name after: a restore
 * killed in between leaves a pending copy, which the next command publishes if the database
 * names it (markKeptCopy: the restore committed) or removes if not (it never did).
 */
async function replaceDatabase(
  restoring: Db,
  temporary: string,
  database: string,
  now: Date,
  timeoutMs: number,
): Promise<string | undefined> {
  if (!existsSync(database)) {
    restoring.close();
    moveIntoPlace(temporary, database);
    return undefined;
  }
  const kept = unusedPath(`${database}.before-restore-${fileTimestamp(now)}`);
  const pending = temporaryPathNextTo(kept, "pending");
  let committed = false;
  try {
    markKeptCopy(restoring, kept);
    try {
      // An empty file is an empty database to SQLite; anything else needs its header.
      if (statSync(database).size > 0 && !hasSqliteHeader(database)) throw unreadable;
      // Written over a WAL database, the pages must have the size of its pages.
      const targetPageSize = prepareTarget(database, timeoutMs);
      if (pageSize(restoring) !== targetPageSize) changePageSize(restoring, targetPageSize);
      await writeOverDatabase(
        restoring,
        driverPath(resolve(database)),
        () => keepCopy(database, pending, timeoutMs),
        timeoutMs,
      );
    } catch (error) {
      // No connection can write over a file SQLite cannot read (no header, a header over
      // something else, a malformed first page): it is set aside whole and the copy moved in.
      if (error !== unreadable && !isUnreadable(error)) throw error;
      restoring.close();
      removeDatabaseFiles(pending);
      swapUnreadableDatabase(temporary, database, pending);
    } finally {
      restoring.close();
    }
    committed = true;
    return publishKeptCopy(pending, kept);
  } finally {
    // Once committed, the pending copy is the only one of the replaced database: a failure to
    // name it leaves it for the next command to publish.
    if (!committed) removeDatabaseFiles(pending);
  }
}

/** Thrown within `replaceDatabase` for a file without a SQLite header. */
const unreadable = new Error("not a SQLite file");

/**
 * Puts the database in WAL mode, as funnel keeps it (a file left in rollback mode, or an empty
 * one, would lock its readers out while the restore holds the write lock, so that its copy could
 * not be taken); returns its page size.
 */
function prepareTarget(database: string, timeoutMs: number): number {
  const current = openExistingDatabase(database, timeoutMs);
  try {
    useWriteAheadLog(current);
    return pageSize(current);
  } finally {
    current.close();
  }
}

function moveIntoPlace(temporary: string, database: string): void {
  try {
    publishFile(temporary, database, { replace: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new UserError(
      `${database} was created while the restore ran; nothing was restored`,
      "run the restore again",
    );
  }
}

/**
 * Saves the database as it is under the name `pending` (the write lock is held: nothing can
 * commit meanwhile), synced before the restore commits. A sound database is copied with VACUUM
 * INTO; a damaged one, which VACUUM cannot read, byte for byte with its WAL.
 */
function keepCopy(database: string, pending: string, timeoutMs: number): void {
  const temporary = temporaryPathNextTo(database, "before-restore");
  removeDatabaseFiles(temporary);
  createPrivateFile(temporary);
  try {
    try {
      const current = openExistingDatabase(database, timeoutMs);
      try {
        vacuumInto(current, temporary);
      } finally {
        current.close();
      }
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith("SQLITE_CORRUPT")) throw error;
      copyPrivately(database, temporary);
      // Committed pages may be in the WAL still; an empty one holds nothing to keep.
      if (existsSync(`${database}-wal`) && statSync(`${database}-wal`).size > 0)
        copyPrivately(`${database}-wal`, `${pending}-wal`);
    }
    publishFile(temporary, pending, { replace: false });
  } finally {
    removeDatabaseFiles(temporary);
  }
}

/**
 * A file SQLite cannot open as a database (its header is garbage) has no connection that could
 * write to it: it is copied aside (to `pending`), its WAL moved aside (so that it is never
 * replayed onto the restored file), and the restored file renamed over it.
 */
function swapUnreadableDatabase(temporary: string, database: string, pending: string): void {
  const keptTemporary = temporaryPathNextTo(database, "before-restore");
  removeDatabaseFiles(keptTemporary);
  try {
    copyPrivately(database, keptTemporary);
    publishFile(keptTemporary, pending, { replace: false });
  } finally {
    removeDatabaseFiles(keptTemporary);
  }
  if (existsSync(`${database}-wal`)) renameSync(`${database}-wal`, `${pending}-wal`);
  rmSync(`${database}-shm`, { force: true });
  publishFile(temporary, database, { replace: true });
}

/** SQLite's "not a database" or "malformed": the file cannot be opened for writing over. */
function isUnreadable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code);
  return code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT");
}

/** A byte copy with mode 0600 (a copy takes its source's mode). */
function copyPrivately(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

/** Opens the restored database as every command does, and checks it. */
function checkRestored(
  database: string,
  timeoutMs: number,
): { schemaVersion: number; leads: number } {
  const db = openDatabase(database, { busyTimeoutMs: timeoutMs });
  try {
    const problems = quickCheck(db);
    if (problems.length > 0)
      throw new Error(`the restored database fails SQLite's check: ${problems[0]}`);
    return { schemaVersion: readSchemaVersion(db), leads: countAllLeads(db) };
  } finally {
    db.close();
  }
}

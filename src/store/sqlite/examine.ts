import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  findLeftovers,
  type LastRestore,
  type Leftover,
  settleLeftovers,
} from "../../files/leftovers.js";
import { fileSize } from "../../render/backup-summary.js";
import { openExistingDatabase } from "./database.js";
import {
  hasSchema,
  integrityProblems,
  keptCopyMark,
  looksLikeFunnelDatabase,
  quickCheck,
  readSchemaVersion,
} from "./database-copies.js";
import { checkpointWriteAheadLog, danglingReferences, journalMode } from "./database-health.js";
import type { Db } from "./driver.js";
import { schemaVersion } from "./migrations.js";

export interface DoctorOptions {
  readonly database: string;
  /** `PRAGMA quick_check` (linear time, indexes not cross-checked) instead of integrity_check. */
  readonly quick: boolean;
  /** Fold the WAL back into the database. */
  readonly checkpoint: boolean;
  /** List the leftovers without removing them. */
  readonly dryRun: boolean;
  /** How long to wait for another command's write lock (see busyTimeoutMs). */
  readonly busyTimeoutMs: number;
}

export type CheckStatus = "ok" | "note" | "fixed" | "problem";

export interface Check {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export interface LeftoverOutcome extends Leftover {
  /** Removed or published (false on a dry run, or when it is kept). */
  readonly done: boolean;
}

export interface DoctorReport {
  readonly database: string;
  readonly dryRun: boolean;
  readonly checks: readonly Check[];
  readonly leftovers: readonly LeftoverOutcome[];
}

/** A WAL this large means checkpoints have been kept from running (a long reader). */
export const largeWriteAheadLogBytes = 64 * 1024 * 1024;

/**
 * Examines the database without changing it (unless asked: --checkpoint) and clears the
 * leftovers of killed commands next to it and next to the files it imported. The file is
 * opened as it is: never created, migrated or switched to WAL. A missing file is a UserError.
 */
export function examineDatabase(options: DoctorOptions): DoctorReport {
  const { database } = options;
  // Measured before opening: reading a WAL database makes SQLite open (or create) its WAL.
  const walBytes = statSync(`${database}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const db = openExistingDatabase(database, options.busyTimeoutMs);
  try {
    const checks = [fileModes(database)];
    let lastRestore: LastRestore = "unknown";
    const home = resolve(dirname(database));
    let folders = [home];
    try {
      checks.push(...databaseChecks(db, options, walBytes));
      if (looksLikeFunnelDatabase(db)) {
        lastRestore = { keptCopy: keptCopyMark(db) };
        const imported = importedFilePaths(db).map((path) => resolve(dirname(path)));
        folders = [...new Set([...folders, ...imported])];
      }
    } catch (error) {
      if (!unreadable(error)) throw error;
      checks.push({
        check: "database",
        status: "problem",
        detail: `${database} cannot be read (${(error as { code?: unknown }).code}): it is damaged or not a SQLite database; restore it from a backup`,
      });
    }
    const found = folders.flatMap((folder) =>
      findLeftovers(folder, folder === home ? { path: resolve(database), lastRestore } : undefined),
    );
    const settled = new Set(
      options.dryRun ? [] : settleLeftovers(found).map((leftover) => leftover.path),
    );
    const leftovers = found.map((leftover) => ({ ...leftover, done: settled.has(leftover.path) }));
    checks.push(leftoverCheck(leftovers, options.dryRun));
    return { database, dryRun: options.dryRun, checks, leftovers };
  } finally {
    db.close();
  }
}

function databaseChecks(db: Db, options: DoctorOptions, walBytes: number): Check[] {
  const checks: Check[] = [schemaCheck(db)];
  const pragma = options.quick ? "quick_check" : "integrity_check";
  const problems = options.quick ? quickCheck(db) : integrityProblems(db);
  checks.push(
    problems.length === 0
      ? { check: "integrity", status: "ok", detail: `PRAGMA ${pragma}: ok` }
      : {
          check: "integrity",
          status: "problem",
          detail: `PRAGMA ${pragma}: ${problems[0]}${problems.length > 1 ? ", and more" : ""}; restore a backup`,
        },
  );
  const dangling = danglingReferences(db);
  const first = dangling[0];
  checks.push(
    first === undefined
      ? { check: "foreign keys", status: "ok", detail: "every reference points at a row" }
      : {
          check: "foreign keys",
          status: "problem",
          detail: `${dangling.length} row(s) point at rows that are gone, first: ${first.table} row ${first.rowid} -> ${first.parent}`,
        },
  );
  const mode = journalMode(db);
  checks.push(
    mode === "wal"
      ? { check: "journal mode", status: "ok", detail: "wal" }
      : {
          check: "journal mode",
          status: "note",
          detail: `${mode}: the next funnel command that writes switches it to wal`,
        },
  );
  checks.push(walCheck(db, options.checkpoint, walBytes));
  return checks;
}

function schemaCheck(db: Db): Check {
  const version = readSchemaVersion(db);
  if (!hasSchema(db))
    return {
      check: "schema",
      status: "note",
      detail: "none yet: the next funnel command that writes creates it",
    };
  if (version === 0 || !looksLikeFunnelDatabase(db))
    return {
      check: "schema",
      status: "problem",
      detail: "not a funnel database (no leads and reps tables, or schema version 0)",
    };
  if (version > schemaVersion)
    return {
      check: "schema",
      status: "problem",
      detail: `version ${version}, newer than this funnel's ${schemaVersion}: it refuses the file; upgrade funnel`,
    };
  if (version < schemaVersion)
    return {
      check: "schema",
      status: "note",
      detail: `version ${version}, older than this funnel's ${schemaVersion}: upgraded by the next command, after a copy is saved`,
    };
  return { check: "schema", status: "ok", detail: `version ${version}, this funnel's` };
}

function walCheck(db: Db, checkpoint: boolean, walBytes: number): Check {
  if (checkpoint) {
    const result = checkpointWriteAheadLog(db);
    return result.busy
      ? {
          check: "write-ahead log",
          status: "note",
          detail: `checkpointed ${result.copied} of ${result.pages} pages; another command kept it from finishing: run it again later`,
        }
      : {
          check: "write-ahead log",
          status: "fixed",
          detail: `checkpointed ${fileSize(walBytes)} into the database; now empty`,
        };
  }
  if (walBytes === 0) return { check: "write-ahead log", status: "ok", detail: "empty" };
  if (walBytes < largeWriteAheadLogBytes)
    return { check: "write-ahead log", status: "ok", detail: fileSize(walBytes) };
  return {
    check: "write-ahead log",
    status: "note",
    detail: `${fileSize(walBytes)}: a long-running reader kept checkpoints from running; funnel doctor --checkpoint folds it back`,
  };
}

/** The database and the files next to it that hold its data are its owner's alone. */
function fileModes(database: string): Check {
  const open = ["", "-wal", "-shm"]
    .map((suffix) => ({
      path: `${database}${suffix}`,
      stat: statSync(`${database}${suffix}`, { throwIfNoEntry: false }),
    }))
    .filter(({ stat }) => stat !== undefined && (stat.mode & 0o077) !== 0);
  return open.length === 0
    ? { check: "file mode", status: "ok", detail: "600: readable by its owner only" }
    : {
        check: "file mode",
        status: "problem",
        detail: `${open.map(({ path, stat }) => `${path} is ${((stat?.mode ?? 0) & 0o777).toString(8)}`).join(", ")}: others can read the data; chmod 600 ${open.map(({ path }) => path).join(" ")}`,
      };
}

function leftoverCheck(leftovers: readonly LeftoverOutcome[], dryRun: boolean): Check {
  if (leftovers.length === 0) return { check: "leftovers", status: "ok", detail: "none" };
  const bytes = fileSize(leftovers.reduce((sum, leftover) => sum + leftover.bytes, 0));
  const done = leftovers.filter((leftover) => leftover.done).length;
  if (dryRun)
    return {
      check: "leftovers",
      status: "note",
      detail: `${leftovers.length} left by killed commands (${bytes}); run without --dry-run to clear them`,
    };
  return {
    check: "leftovers",
    status: done === leftovers.length ? "fixed" : "note",
    detail: `${done} of ${leftovers.length} cleared (${bytes})${done === leftovers.length ? "" : "; see below"}`,
  };
}

function unreadable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code);
  return code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT");
}

/** The files imports read, for their leftovers (rejects files next to them). */
function importedFilePaths(db: Db): string[] {
  return db
    .prepare("SELECT DISTINCT file_path FROM import_batches ORDER BY file_path")
    .pluck()
    .all() as string[];
}

import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UserError } from "../../errors.js";
import { findLeftovers, settleLeftovers } from "../../files/leftovers.js";
import {
  createPrivateFile as createPrivateCopy,
  fileTimestamp,
  publishFile,
  temporaryPathNextTo,
  unusedPath,
} from "../../files/private-files.js";
import { busyTimeoutMs, databaseBusyError, isBusyCode } from "./busy-timeout.js";
import {
  hasSchema,
  keptCopyMark,
  looksLikeFunnelDatabase,
  quickCheck,
  readSchemaVersion,
  vacuumInto,
} from "./database-copies.js";
import { Database, type Db, type Statement } from "./driver.js";
import { migrations, schemaVersion } from "./migrations.js";

export type { Db };

export interface OpenOptions {
  /** Where to say what was done besides opening (a copy saved before a migration). */
  readonly notify?: (line: string) => void;
  /**
   * How long to wait for another command's write lock (see busyTimeoutMs); without it, as the
   * process's environment says (the import's worker thread, which has no command context).
   */
  readonly busyTimeoutMs?: number;
}

/** Up to 1 GiB of the file mapped; SQLite caps it at its own compile-time limit. */
const mappedBytes = 1024 * 1024 * 1024;

/**
 * Maps the database file into memory for the rest of the connection's life, for one that only
 * reads (a report): queries that read much of the file (a cohort scans a quarter's lead rows,
 * some 140 MB on 1M leads; the SLA and the activity funnel look up each handoff's or move's
 * lead; the quota report reads the period's deals) then read the pages in place instead of
 * copying each into SQLite's small page cache with a read() call: a tenth of the cohort
 * reports' CPU, half of the SLA's handoff query, half of the quota report's queries. SQLite
 * keeps a mapped reader safe from its own writers (in WAL mode the file only shrinks once no
 * reader needs the old pages).
 */
export function mapFileForReading(db: Db): void {
  db.pragma(`mmap_size = ${mappedBytes}`);
}

/**
 * Gives the connection a page cache of `kib` KiB (a bulk write whose index inserts land in
 * random order needs the index pages in memory); returns how to put the previous size back.
 */
export function enlargePageCache(db: Db, kib: number): () => void {
  const before = db.pragma("cache_size", { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.trunc(kib)}`);
  return () => db.pragma(`cache_size = ${before}`);
}

/**
 * Opens (creating when missing, mode 0600) and migrates the database at `path`.
 * A file written by a newer funnel is refused before anything in it is touched; a file with
 * an older schema is copied next to itself before it is migrated.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const sqlitePath = driverPath(path);
  createPrivateFile(path);
  const timeout = options.busyTimeoutMs ?? busyTimeoutMs(process.env);
  let db: Db;
  try {
    db = new Database(sqlitePath, { timeout });
  } catch (error) {
    throw describeOpenError(path, error, timeout);
  }
  try {
    // Read the version before any pragma that could rewrite the header (journal_mode does).
    const version = readUserVersion(db, path);
    if (version > schemaVersion) {
      throw new UserError(
        `${path} has schema version ${version}, newer than this funnel understands (${schemaVersion}); it was left untouched`,
        "upgrade funnel to open it, or pass another --db",
      );
    }
    // Another program's SQLite file: funnel must neither add its tables to it nor "upgrade" it.
    const holdsSchema = hasSchema(db);
    if (holdsSchema && (version === 0 || !looksLikeFunnelDatabase(db))) {
      throw new UserError(
        `${path} is a SQLite database, but not a funnel one (it holds tables funnel did not create); it was left untouched`,
        "pass the path of a funnel database to --db, or a new file name to start one",
      );
    }
    useWriteAheadLogIfWritable(db);
    db.pragma("foreign_keys = ON");
    // FULL: a committed import survives a power cut too; it costs one fsync per commit.
    db.pragma("synchronous = FULL");
    if (version < schemaVersion) {
      // A brand-new file has nothing to lose; one with a schema gets a copy first.
      if (holdsSchema) copyBeforeMigrating(db, path, options);
      migrate(db);
    }
    settleLeftoversNextTo(db, path);
    return db;
  } catch (error) {
    db.close();
    throw describeOpenError(path, error, timeout);
  }
}

/**
 * A database in memory with funnel's schema, gone when closed: what a dry run works in when the
 * database it would write does not exist yet (a dry run creates no file).
 */
export function openScratchDatabase(): Db {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

/**
 * WAL mode, in which a report reads while an import writes. A file in rollback mode that is
 * read-only (a backup made read-only, say) cannot be switched, but can still be read: writes
 * to it then fail with the read-only message.
 */
function useWriteAheadLogIfWritable(db: Db): void {
  try {
    db.pragma("journal_mode = WAL");
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith("SQLITE_READONLY")) throw error;
  }
}

function createPrivateFile(path: string): void {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      throw new UserError(
        `${path} is a directory, not a database file`,
        "pass a file path to --db",
      );
    }
    return;
  }
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    throw new UserError(
      `cannot create database ${path}: ${(error as Error).message}`,
      "check that the folder exists and is writable, or pass another --db",
    );
  }
}

function readUserVersion(db: Db, path: string): number {
  const version = db.pragma("user_version", { simple: true });
  if (typeof version !== "number") throw new UserError(`${path}: cannot read the schema version`);
  return version;
}

/**
 * Opens an existing database as it is: not created, not migrated, no pragma that would write
 * (backups read it, restores replace it), waiting `timeoutMs` for a write lock.
 */
export function openExistingDatabase(path: string, timeoutMs: number): Db {
  if (!existsSync(path))
    throw new UserError(`there is no database at ${path}`, "pass the database file with --db");
  if (statSync(path).isDirectory())
    throw new UserError(`${path} is a directory, not a database file`, "pass a file path to --db");
  try {
    return new Database(driverPath(path), { timeout: timeoutMs, fileMustExist: true });
  } catch (error) {
    throw describeOpenError(path, error, timeoutMs);
  }
}

/**
 * The name to give the SQLite driver for `path`, which must open that very file: the driver
 * trims names and takes "" and ":memory:" for in-memory databases, so such names go absolute.
 */
export function driverPath(path: string): string {
  if (path.trim() === path && path !== ":memory:") return path;
  const absolute = resolve(path);
  if (absolute.trim() !== absolute)
    throw new UserError(
      `cannot open ${JSON.stringify(path)}: the SQLite driver ignores white space at the end of a file name`,
      "rename the file without it",
    );
  return absolute;
}

/**
 * Saves a copy of the database next to it (`funnel.db.schema-5.bak`, mode 0600) before its
 * schema is migrated, through VACUUM INTO: a consistent snapshot taken while others may write,
 * and synchronous, as opening is. Without the copy, nothing is migrated.
 */
function copyBeforeMigrating(db: Db, path: string, options: OpenOptions): void {
  // A read-only or busy file fails here, before a copy is left behind for nothing.
  refuseReadOnly(path);
  const temporary = temporaryPathNextTo(path, "pre-migration");
  try {
    db.exec("BEGIN IMMEDIATE; ROLLBACK");
    createPrivateCopy(temporary);
    vacuumInto(db, temporary);
    const copy = new Database(temporary, { fileMustExist: true });
    let copiedVersion: number;
    try {
      const problems = quickCheck(copy);
      if (problems.length > 0) throw new Error(`the copy fails SQLite's check: ${problems[0]}`);
      copiedVersion = readSchemaVersion(copy);
    } finally {
      copy.close();
    }
    // Another funnel migrated the file meanwhile: there is nothing left to migrate.
    if (copiedVersion >= schemaVersion) return;
    let final = `${path}.schema-${copiedVersion}.bak`;
    if (existsSync(final))
      final = unusedPath(`${path}.schema-${copiedVersion}.${fileTimestamp(new Date())}`, ".bak");
    publishFile(temporary, final, { replace: false });
    options.notify?.(
      `funnel: ${path} has schema version ${copiedVersion}; saved a copy of it as ${final} before upgrading it to ${schemaVersion}\n`,
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (isBusyCode(code) || String(code).startsWith("SQLITE_READONLY")) throw error;
    throw new UserError(
      `cannot save a copy of ${path} before upgrading its schema (${(error as Error).message}); nothing was changed`,
      "free some disk space or make its folder writable, then run the command again",
    );
  } finally {
    rmSync(temporary, { force: true });
    rmSync(`${temporary}-journal`, { force: true });
  }
}

function refuseReadOnly(path: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new UserError(
      `${path} is read-only and its schema needs upgrading to version ${schemaVersion}; nothing was changed`,
      "make the file writable, then run the command again",
    );
  }
}

/**
 * Brings the database's schema up to `target` (default: the current one). Exported for tests,
 * which build files as an older funnel left them.
 */
export function migrate(db: Db, target: number = schemaVersion): void {
  for (const migration of migrations) {
    if (migration.version > target) break;
    // IMMEDIATE takes the write lock first, so two processes opening a new file don't race.
    db.transaction(() => {
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * What every command that opens the database does: its folder cleared of dead processes'
 * leftovers, and a killed restore's copy of the database it replaced published or removed.
 */
function settleLeftoversNextTo(db: Db, database: string): void {
  settleLeftovers(
    findLeftovers(dirname(database), {
      path: database,
      lastRestore: { keptCopy: keptCopyMark(db) },
    }),
  );
}

function describeOpenError(path: string, error: unknown, timeoutMs: number): Error {
  if (error instanceof UserError) return error;
  const code = (error as { code?: string }).code;
  if (code === "SQLITE_NOTADB") {
    return new UserError(
      `${path} is not a SQLite database`,
      "pass the path of a funnel database to --db",
    );
  }
  if (isBusyCode(code)) return databaseBusyError(path, timeoutMs);
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY" || code === "SQLITE_PERM") {
    return new UserError(
      `cannot open ${path} for writing (${code})`,
      "check the file's permissions",
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** A statement prepared once per connection and reused. */
export function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (cache === undefined) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

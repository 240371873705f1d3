import { closeSync, existsSync, openSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { UserError } from "../errors.js";
import { migrations, schemaVersion } from "./migrations.js";

export type Db = Database.Database;

/** How long a command waits for another one's write lock before giving up. */
const busyTimeoutMs = 5000;

/** Up to 1 GiB of the file is mapped (address space only; the OS pages it in on use). */
const mmapBytes = 1024 * 1024 * 1024;

/**
 * Opens (creating when missing, mode 0600) and migrates the database at `path`.
 * A file written by a newer funnel is refused before anything in it is touched.
 */
export function openDatabase(path: string): Db {
  createPrivateFile(path);
  let db: Db;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw describeOpenError(path, error);
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
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    // FULL: a committed import survives a power cut too; it costs one fsync per commit.
    db.pragma("synchronous = FULL");
    // Reads through a memory map instead of one read() per page: the reports look up rows of
    // a 1M-lead file in index order, and the read calls were a third of their time.
    db.pragma(`mmap_size = ${mmapBytes}`);
    if (version < schemaVersion) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw describeOpenError(path, error);
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

function migrate(db: Db): void {
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock first, so two processes opening a new file don't race.
    db.transaction(() => {
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

function describeOpenError(path: string, error: unknown): Error {
  if (error instanceof UserError) return error;
  const code = (error as { code?: string }).code;
  if (code === "SQLITE_NOTADB") {
    return new UserError(
      `${path} is not a SQLite database`,
      "pass the path of a funnel database to --db",
    );
  }
  if (code === "SQLITE_BUSY") {
    return new UserError(
      `${path} is busy: another funnel command holds it`,
      "try again when it has finished",
    );
  }
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY" || code === "SQLITE_PERM") {
    return new UserError(
      `cannot open ${path} for writing (${code})`,
      "check the file's permissions",
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A statement prepared once per connection and reused. */
export function prepared(db: Db, sql: string): Database.Statement {
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

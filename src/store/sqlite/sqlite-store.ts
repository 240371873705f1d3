import { existsSync, statSync } from "node:fs";
import type { Executor, Params, TxParts } from "../engine.js";
import type { OpenStoreOptions, ReadTx, Store, WriteOptions, WriteTx } from "../store.js";
import { busyTimeoutMs } from "./busy-timeout.js";
import {
  type Db,
  driverPath,
  mapFileForReading,
  openDatabase,
  openScratchDatabase,
  prepared,
} from "./database.js";
import { Database } from "./driver.js";
import { describeSqliteError } from "./errors.js";
import { SqliteImport } from "./import.js";
import { SqliteQueries } from "./queries.js";

/** Opens (creating and migrating when needed) the SQLite file at `path` as a Store. */
export async function openSqliteStore(path: string, options: OpenStoreOptions): Promise<Store> {
  const timeout = busyTimeoutMs(options.env ?? process.env);
  if (options.scratch === true) return new SqliteStore(openScratchDatabase(), path, timeout);
  const db = openDatabase(path, { notify: options.notify, busyTimeoutMs: timeout });
  return new SqliteStore(db, path, timeout);
}

/**
 * What `read` finds in the SQLite file at `path`, read as the file is: not created, not
 * migrated, no pragma that writes; undefined when there is no such file or it cannot be read
 * (opening it for a command then reports why). `waitMs`: how long a lock is waited for
 * (better-sqlite3's default unless given).
 */
export function peekSqlite<T>(path: string, read: (db: Db) => T, waitMs?: number): T | undefined {
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  try {
    // Not `readonly`: a read-only connection to a database in WAL mode leaves -wal and -shm
    // files behind, where a command refused a moment later must leave none. This one writes
    // nothing, and the last connection to close removes them.
    const db = new Database(driverPath(path), {
      fileMustExist: true,
      ...(waitMs === undefined ? {} : { timeout: waitMs }),
    });
    try {
      return read(db);
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** A setting of the file at `path`, peeked (see peekSqlite). */
export function peekSqliteSetting(path: string, key: string): string | undefined {
  return peekSqlite(path, (db) => {
    const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  });
}

/**
 * The rep handles of the file at `path`, peeked (see peekSqlite), for shell completion: a <TAB>
 * waits for no lock.
 */
export function peekSqliteRepHandles(path: string): string[] {
  return (
    peekSqlite(
      path,
      (db) =>
        (db.prepare("SELECT handle FROM reps ORDER BY handle").all() as { handle: string }[]).map(
          (row) => row.handle,
        ),
      0,
    ) ?? []
  );
}

/**
 * One connection. better-sqlite3 is synchronous: each statement runs to the end when called,
 * so the promises only order the work; a transaction is BEGIN ... COMMIT on the connection.
 */
export class SqliteStore implements Store {
  readonly engine = "sqlite";
  private readonly parts: TxParts;
  private readonly bulk: SqliteImport;
  private inUse = false;
  private mapped = false;

  constructor(
    readonly db: Db,
    readonly location: string,
    private readonly timeoutMs: number,
  ) {
    this.bulk = new SqliteImport(db);
    this.parts = {
      executor: new SqliteExecutor(db),
      queries: new SqliteQueries(db),
      bulk: this.bulk,
      dialect: { noLimit: -1 },
    };
  }

  async read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.transaction(async () => {
      // Reports read much of the file: through a memory map (see mapFileForReading).
      if (!this.mapped) {
        mapFileForReading(this.db);
        this.mapped = true;
      }
      // One snapshot: every statement sees the same commit, even when another command
      // commits between two of them.
      this.db.exec("BEGIN");
      try {
        return await work(this.parts as unknown as ReadTx);
      } finally {
        if (this.db.inTransaction) this.db.exec("COMMIT");
      }
    });
  }

  async write<T>(work: (tx: WriteTx) => Promise<T>, options: WriteOptions<T> = {}): Promise<T> {
    return this.transaction(async () => {
      // IMMEDIATE: the write lock first, so a second writer waits or fails before reading.
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(this.parts as unknown as WriteTx);
        const keep = options.dryRun !== true && options.discard?.(result) !== true;
        this.db.exec(keep ? "COMMIT" : "ROLLBACK");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      } finally {
        this.bulk.endTransaction();
      }
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** One transaction at a time, and SQLite's errors as the user's. */
  private async transaction<T>(run: () => Promise<T>): Promise<T> {
    if (this.inUse)
      throw new Error(
        "a store transaction was started while another was open: pass the open one instead",
      );
    this.inUse = true;
    try {
      return await run();
    } catch (error) {
      throw describeSqliteError(error, this.location, this.timeoutMs);
    } finally {
      this.inUse = false;
    }
  }
}

/** Parameters as better-sqlite3 takes them: positional ones spread, named ones as one object. */
function bind(params: Params | undefined): unknown[] {
  if (params === undefined) return [];
  return Array.isArray(params) ? params : [params];
}

class SqliteExecutor implements Executor {
  constructor(private readonly db: Db) {}

  async all<Row>(sql: string, params?: Params): Promise<Row[]> {
    return prepared(this.db, sql).all(...bind(params)) as Row[];
  }

  async get<Row>(sql: string, params?: Params): Promise<Row | undefined> {
    return prepared(this.db, sql).get(...bind(params)) as Row | undefined;
  }

  async run(sql: string, params?: Params): Promise<{ changes: number }> {
    return { changes: prepared(this.db, sql).run(...bind(params)).changes };
  }
}

/**
 * The store: where funnel's data is, behind one asynchronous interface. Code above store/
 * opens a Store, reads from one snapshot or writes in one transaction, and passes the
 * transaction to the typed queries and commands of store/'s modules (leads.ts, deals.ts, ...).
 * It never sees SQL, a statement, a driver handle or an engine's error code: the engine
 * (store/sqlite/, store/postgres/) keeps those, and turns the errors a user can act on into
 * UserErrors.
 *
 * This module loads no engine: `funnel --help` imports nothing of SQLite through it.
 */
import { UserError } from "../errors.js";
import { isPostgresTarget, printableTarget } from "./postgres/connection-target.js";

declare const readAccess: unique symbol;
declare const writeAccess: unique symbol;

/** A read transaction: one consistent snapshot. Opaque above store/. */
export interface ReadTx {
  readonly [readAccess]: true;
}

/** A write transaction; it reads too. Opaque above store/. */
export interface WriteTx extends ReadTx {
  readonly [writeAccess]: true;
}

export type Engine = "sqlite" | "postgres";

export interface WriteOptions<T = unknown> {
  /** Roll back instead of committing, once `work` has resolved (a dry run). */
  readonly dryRun?: boolean | undefined;
  /**
   * Roll back instead of committing when this says so of what `work` resolved to (an import
   * that rejected every row, or applied nothing): the result is returned all the same.
   */
  readonly discard?: ((result: T) => boolean) | undefined;
}

export interface Store {
  readonly engine: Engine;
  /** Where the data is, safe to print (a URL's password never appears). */
  readonly location: string;
  /** Reads from one consistent snapshot. */
  read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * One transaction: committed when `work` resolves, rolled back when it throws or on dryRun.
   * The write lock is taken first: a second writer waits (the busy timeout) or fails before
   * anything is read. One transaction at a time: a read or write started while another of the
   * same store is open is refused (an internal error), never nested.
   */
  write<T>(work: (tx: WriteTx) => Promise<T>, options?: WriteOptions<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Where to say what opening did besides opening (a copy saved before a migration). */
  readonly notify?: ((line: string) => void) | undefined;
  /**
   * The environment the engine reads its settings from (FUNNEL_BUSY_TIMEOUT_MS: how long to
   * wait for another command's write lock); the process's without one.
   */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /**
   * An empty store in memory with funnel's schema, gone when closed, instead of `target`'s:
   * what a dry run works in when the database it would write does not exist yet.
   */
  readonly scratch?: boolean | undefined;
}

export { isPostgresTarget };

/**
 * A target as it may be printed: a PostgreSQL URL as postgres/connection-target.ts prints it
 * (completed as libpq completes it, without its password), a file path as given.
 */
export async function printableLocation(target: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (!isPostgresTarget(target)) return target;
  const { locateTarget } = await import("./postgres/connection.js");
  // Only where it is printed: the password file's warning is for connecting.
  return printableTarget(locateTarget(target, env, () => undefined));
}

/** What a write meets on a database it may not change (a read-only file, a backup). */
export class ReadOnlyStoreError extends UserError {}

/**
 * Opens the store `target` names: a PostgreSQL URL (postgres://…), else the path of a SQLite
 * file (created, with its schema, when missing). The engine's module is loaded here, only when
 * a command opens the store.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  // A PostgreSQL database is there on its server (or opening says it is not): never scratch.
  if (isPostgresTarget(target)) {
    const { openPostgresStore } = await import("./postgres/postgres-store.js");
    return openPostgresStore(target, options);
  }
  const { openSqliteStore } = await import("./sqlite/sqlite-store.js");
  return openSqliteStore(target, options);
}

/**
 * The team's time zone kept in the database `target` names (reached as `env` says), read
 * without creating, migrating or changing it, and leaving nothing beside it (before a command
 * reads its dates); undefined when it keeps none or cannot be read here, which opening it then
 * reports. A PostgreSQL database is read through a short connection of its own.
 */
export async function peekTimeZone(
  target: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (isPostgresTarget(target)) {
    const { peekPostgresSetting } = await import("./postgres/postgres-store.js");
    return peekPostgresSetting(target, "timezone", env);
  }
  const { peekSqliteSetting } = await import("./sqlite/sqlite-store.js");
  return peekSqliteSetting(target, "timezone");
}

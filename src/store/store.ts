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

export interface WriteOptions {
  /** Roll back instead of committing, once `work` has resolved (a dry run). */
  readonly dryRun?: boolean | undefined;
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
  write<T>(work: (tx: WriteTx) => Promise<T>, options?: WriteOptions): Promise<T>;
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
}

/** Whether `target` names a PostgreSQL database (a URL) rather than a SQLite file. */
export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target.trim());
}

/**
 * A target as it may be printed: a PostgreSQL URL without its password, a file path as given.
 */
export function printableTarget(target: string): string {
  if (!isPostgresTarget(target)) return target;
  try {
    const url = new URL(target.trim());
    if (url.password !== "") url.password = "";
    return url.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * Opens the store `target` names: a PostgreSQL URL (postgres://…), else the path of a SQLite
 * file (created, with its schema, when missing). The engine's module is loaded here, only when
 * a command opens the store.
 */
export async function openStore(target: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresTarget(target)) throw postgresNotYet(target);
  const { openSqliteStore } = await import("./sqlite/sqlite-store.js");
  return openSqliteStore(target, options);
}

/** What a PostgreSQL target meets until its engine is written. */
export function postgresNotYet(target: string): UserError {
  return new UserError(
    `${printableTarget(target)}: PostgreSQL databases are not supported yet`,
    "pass the path of a SQLite file to --db (or FUNNEL_DB)",
  );
}

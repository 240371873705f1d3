import { takeInConfiguration } from "../app/configuration.js";
import { processTimeZone } from "../domain/time-zone.js";
import { writePlain } from "../render/terminal.js";
import { busyTimeoutMs } from "../store/busy-timeout.js";
import { type Db, mapFileForReading, type OpenOptions, openDatabase } from "../store/database.js";
import { readSnapshot } from "../store/transaction.js";
import { configPath } from "./config-file.js";
import type { CommandContext } from "./context.js";

/** Opens the context's database for the duration of `work`, closing it afterwards. */
export function withDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  const db = openConfiguredDatabase(context);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * `withDatabase` for a report: all its reads from one snapshot (see readSnapshot), through a
 * memory map (see mapFileForReading).
 */
export function readDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  return withDatabase(context, (db) => {
    mapFileForReading(db);
    return readSnapshot(db, () => work(db));
  });
}

/** `withDatabase` for work that awaits (streamed imports and exports). */
export async function withDatabaseAsync<T>(
  context: CommandContext,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const db = openConfiguredDatabase(context);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/**
 * The context's database, opened, with its configuration: a database without one yet takes
 * the process's time zone and the funnel.config.json next to it, once (see takeInConfiguration).
 */
function openConfiguredDatabase(context: CommandContext): Db {
  const db = openDatabase(context.dbPath, openOptions(context));
  try {
    const note = takeInConfiguration(
      db,
      processTimeZone(context.env),
      configPath(undefined, context.dbPath),
    );
    if (note !== undefined) writePlain(context.stderr, note);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * How the command's database is opened: waiting for a write lock as its environment says, and
 * saying on stderr what opening did besides opening (a copy saved before a migration).
 */
export function openOptions(context: CommandContext): OpenOptions {
  return {
    // The notice quotes the database's path, from argv.
    notify: (line) => writePlain(context.stderr, line),
    busyTimeoutMs: busyTimeoutMs(context.env),
  };
}

import { existsSync } from "node:fs";
import { takeInConfiguration } from "../app/configuration.js";
import { processTimeZone } from "../domain/time-zone.js";
import { writePlain } from "../render/terminal.js";
import { busyTimeoutMs } from "../store/busy-timeout.js";
import {
  type Db,
  mapFileForReading,
  type OpenOptions,
  openDatabase,
  openScratchDatabase,
} from "../store/database.js";
import { readSnapshot } from "../store/transaction.js";
import { configPath } from "./config-file.js";
import type { CommandContext } from "./context.js";

/**
 * Opens the context's database for the duration of `work`, closing it afterwards; a scratch
 * one instead for a dry run that creates no database (see withDatabaseAsync).
 */
export function withDatabase<T>(
  context: CommandContext,
  work: (db: Db) => T,
  options: { scratch?: boolean } = {},
): T {
  const db = openConfiguredDatabase(context, options.scratch === true);
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

/**
 * `withDatabase` for work that awaits (streamed imports and exports). A dry run creates no
 * database (`scratch`): without one, it runs in an empty one in memory.
 */
export async function withDatabaseAsync<T>(
  context: CommandContext,
  work: (db: Db) => Promise<T>,
  options: { scratch?: boolean } = {},
): Promise<T> {
  const db = openConfiguredDatabase(context, options.scratch === true);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Whether a dry run has no database to read and must not create one (see withDatabaseAsync). */
export function dryRunWithoutDatabase(context: CommandContext, dryRun: boolean): boolean {
  return dryRun && !existsSync(context.dbPath);
}

/**
 * The context's database, opened, with its configuration: a database without one yet takes
 * the process's time zone and the funnel.config.json next to it, once (see takeInConfiguration).
 * A scratch database takes them in as the database it stands for would, and is gone with its
 * copy: the note that the file was taken in, and can be removed, is not said for it.
 */
function openConfiguredDatabase(context: CommandContext, scratch: boolean): Db {
  const db = scratch ? openScratchDatabase() : openDatabase(context.dbPath, openOptions(context));
  try {
    const note = takeInConfiguration(
      db,
      processTimeZone(context.env),
      configPath(undefined, context.dbPath),
    );
    if (note !== undefined && !scratch) writePlain(context.stderr, note);
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

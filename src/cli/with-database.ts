import { existsSync } from "node:fs";
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
import type { CommandContext } from "./context.js";

/** Opens the context's database for the duration of `work`, closing it afterwards. */
export function withDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  const db = openDatabase(context.dbPath, openOptions(context));
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
  const db =
    options.scratch === true
      ? openScratchDatabase()
      : openDatabase(context.dbPath, openOptions(context));
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

import { existsSync } from "node:fs";
import { writePlain } from "../render/terminal.js";
import {
  type Db,
  mapFileForReading,
  openDatabase,
  openScratchDatabase,
} from "../store/database.js";
import { readSnapshot } from "../store/transaction.js";
import type { CommandContext } from "./context.js";

/** Opens the context's database for the duration of `work`, closing it afterwards. */
export function withDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  const db = openDatabase(context.dbPath, databaseNotices(context));
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
      : openDatabase(context.dbPath, databaseNotices(context));
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

/** What opening did besides opening (a copy saved before a migration) goes to stderr. */
function databaseNotices(context: CommandContext): { notify: (line: string) => void } {
  // The notice quotes the database's path, from argv.
  return { notify: (line) => writePlain(context.stderr, line) };
}

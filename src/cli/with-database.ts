// Legacy: the import's commands (commands/import*.ts, src/import/) still take the SQLite handle.
// They move to withStore once issue 13's rebuilt import is merged; nothing else may use this.
import { writePlain } from "../render/terminal.js";
import { busyTimeoutMs } from "../store/sqlite/busy-timeout.js";
import { type Db, type OpenOptions, openDatabase } from "../store/sqlite/database.js";
import { describeSqliteError } from "../store/sqlite/errors.js";
import type { CommandContext } from "./context.js";

/** Opens the context's database for the duration of `work`, closing it afterwards. */
export function withDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  const options = openOptions(context);
  const db = openDatabase(context.dbPath, options);
  try {
    return work(db);
  } catch (error) {
    throw describeSqliteError(error, context.dbPath, options.busyTimeoutMs ?? 0);
  } finally {
    db.close();
  }
}

/** `withDatabase` for work that awaits (streamed imports). */
export async function withDatabaseAsync<T>(
  context: CommandContext,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const options = openOptions(context);
  const db = openDatabase(context.dbPath, options);
  try {
    return await work(db);
  } catch (error) {
    throw describeSqliteError(error, context.dbPath, options.busyTimeoutMs ?? 0);
  } finally {
    db.close();
  }
}

function openOptions(context: CommandContext): OpenOptions {
  return {
    notify: (line) => writePlain(context.stderr, line),
    busyTimeoutMs: busyTimeoutMs(context.env),
  };
}

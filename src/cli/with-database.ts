// Legacy: the import's commands (commands/import*.ts, src/import/) still take the SQLite handle.
// They move to withStore when the import converts to the store interface; nothing else may use
// this.
import { existsSync } from "node:fs";
import { configurationToTakeIn } from "../app/configuration.js";
import { processTimeZone } from "../domain/time-zone.js";
import { UserError } from "../errors.js";
import { writePlain } from "../render/terminal.js";
import { adoptConfiguration } from "../store/configuration-store.js";
import { busyTimeoutMs } from "../store/sqlite/busy-timeout.js";
import {
  type Db,
  type OpenOptions,
  openDatabase,
  openScratchDatabase,
} from "../store/sqlite/database.js";
import { describeSqliteError } from "../store/sqlite/errors.js";
import { isPostgresTarget } from "../store/store.js";
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
  const open = openOptions(context);
  const db = openConfiguredDatabase(context, open, options.scratch === true);
  try {
    return work(db);
  } catch (error) {
    throw describeSqliteError(error, context.dbPath, open.busyTimeoutMs ?? 0);
  } finally {
    db.close();
  }
}

/**
 * `withDatabase` for work that awaits (streamed imports). A dry run creates no database
 * (`scratch`): without one, it runs in an empty one in memory.
 */
export async function withDatabaseAsync<T>(
  context: CommandContext,
  work: (db: Db) => Promise<T>,
  options: { scratch?: boolean } = {},
): Promise<T> {
  const open = openOptions(context);
  const db = openConfiguredDatabase(context, open, options.scratch === true);
  try {
    return await work(db);
  } catch (error) {
    throw describeSqliteError(error, context.dbPath, open.busyTimeoutMs ?? 0);
  } finally {
    db.close();
  }
}

/** Whether a dry run has no database to read and must not create one (see withDatabaseAsync). */
export function dryRunWithoutDatabase(context: CommandContext, dryRun: boolean): boolean {
  return dryRun && !isPostgresTarget(context.dbPath) && !existsSync(context.dbPath);
}

/**
 * The context's database, opened, with its configuration, as withStore opens a store (see
 * takeInConfiguration in app/configuration.ts): a database without one yet takes the process's
 * time zone and the funnel.config.json next to it, once. A scratch database takes them in as the
 * database it stands for would, and is gone with its copy: the note is not said for it.
 */
function openConfiguredDatabase(context: CommandContext, open: OpenOptions, scratch: boolean): Db {
  if (isPostgresTarget(context.dbPath))
    throw new UserError(
      "funnel import writes to a SQLite file only, for now; --db names a PostgreSQL database",
      "import into a file, then copy it up: funnel import FILE --db local.db && funnel db copy --from local.db --to URL",
    );
  const db = scratch ? openScratchDatabase() : openDatabase(context.dbPath, open);
  try {
    const { sections, note } = configurationToTakeIn(configPath(undefined, context.dbPath));
    let adopted = false;
    try {
      adopted = adoptConfiguration(db, processTimeZone(context.env), sections);
    } catch (error) {
      // A read-only database is read as it is.
      if (!String((error as { code?: unknown }).code).startsWith("SQLITE_READONLY")) throw error;
    }
    if (adopted && note !== undefined && !scratch) writePlain(context.stderr, note);
    return db;
  } catch (error) {
    db.close();
    throw describeSqliteError(error, context.dbPath, open.busyTimeoutMs ?? 0);
  }
}

function openOptions(context: CommandContext): OpenOptions {
  return {
    notify: (line) => writePlain(context.stderr, line),
    busyTimeoutMs: busyTimeoutMs(context.env),
  };
}

import { takeInConfiguration } from "../app/configuration.js";
import { processTimeZone } from "../domain/time-zone.js";
import { writePlain } from "../render/terminal.js";
import { type OpenStoreOptions, openStore, type ReadTx, type Store } from "../store/store.js";
import { configPath } from "./config-file.js";
import type { CommandContext } from "./context.js";

/**
 * Opens the context's store for the duration of `work`, closing it afterwards; a scratch one
 * instead for a dry run that creates no database (see OpenStoreOptions). A database without a
 * configuration yet takes the process's time zone and the funnel.config.json next to it, once
 * (see takeInConfiguration); a scratch store takes them in as the database it stands for
 * would, and is gone with its copy: the note that the file was taken in is not said for it.
 */
export async function withStore<T>(
  context: CommandContext,
  work: (store: Store) => Promise<T>,
  options: { scratch?: boolean } = {},
): Promise<T> {
  const scratch = options.scratch === true;
  const store = await openStore(context.dbPath, { ...storeOptions(context), scratch });
  try {
    const note = await takeInConfiguration(
      store,
      () => processTimeZone(context.env),
      configPath(undefined, context.dbPath),
    );
    if (note !== undefined && !scratch) writePlain(context.stderr, note);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** `withStore` for a report or a list: all its reads from one snapshot. */
export function readStore<T>(
  context: CommandContext,
  work: (tx: ReadTx) => Promise<T>,
): Promise<T> {
  return withStore(context, (store) => store.read(work));
}

/**
 * How the command's store is opened: waiting for a write lock as its environment says, and
 * saying on stderr what opening did besides opening (a copy saved before a migration).
 */
export function storeOptions(context: CommandContext): OpenStoreOptions {
  return {
    // The notice quotes the database's path, from argv.
    notify: (line) => writePlain(context.stderr, line),
    env: context.env,
  };
}

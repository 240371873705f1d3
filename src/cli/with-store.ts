import { writePlain } from "../render/terminal.js";
import { type OpenStoreOptions, openStore, type ReadTx, type Store } from "../store/store.js";
import type { CommandContext } from "./context.js";

/** Opens the context's store for the duration of `work`, closing it afterwards. */
export async function withStore<T>(
  context: CommandContext,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(context.dbPath, storeOptions(context));
  try {
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

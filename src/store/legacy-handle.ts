// Legacy: the SQLite handle behind a store, for the import (src/import/), which still takes it;
// the demo runs the import on the store it builds. This goes when the import converts to the
// store interface, once issue 13's rebuilt import is merged.
import type { Db } from "./sqlite/database.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

export function legacyHandle(store: Store): Db {
  if (!(store instanceof SqliteStore)) throw new Error("the import runs on SQLite only for now");
  return store.db;
}

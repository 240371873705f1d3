import type { Db } from "../../src/store/sqlite/database.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store, WriteTx } from "../../src/store/store.js";

/**
 * The store's connection as a transaction without BEGIN (each statement commits on its own):
 * for tests that set data up and compute reports statement by statement. What read() and
 * write() add (one snapshot, all or nothing) is tested on its own in test/store/store.test.ts.
 */
export function autocommitTx(store: Store): WriteTx {
  return (store as unknown as { parts: WriteTx }).parts;
}

/**
 * A store on a test's open SQLite connection, for the use cases that take a store while the
 * test sets its data up through the connection.
 */
export function storeOn(db: Db): Store {
  return new SqliteStore(db, db.name, 0);
}

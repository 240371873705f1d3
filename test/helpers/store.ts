import type { Stage } from "../../src/domain/stages.js";
import { derivedColumnsSql, leadStageColumns } from "../../src/store/lead-stages-sql.js";
import type { Db } from "../../src/store/sqlite/database.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { insertStageEvent } from "../../src/store/stage-events.js";
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

/**
 * Leads whose stored first-reached columns differ from the ones their events give (none, when
 * every writer kept them current): the consistency check of the projection (lead-stages-sql).
 */
export function leadStageMismatches(db: Db): number[] {
  return db
    .prepare(
      `SELECT l.id FROM leads l LEFT JOIN (${derivedColumnsSql("")}) AS derived ON derived.lead_id = l.id
       WHERE ${leadStageColumns.map((name) => `l.${name} IS NOT derived.${name}`).join(" OR ")}
       ORDER BY l.id`,
    )
    .pluck()
    .all() as number[];
}

/** The SQLite connection under a store, for tests that set data up or look at it in SQL. */
export function connectionOf(store: Store): Db {
  if (!(store instanceof SqliteStore)) throw new Error("not a SQLite store");
  return store.db;
}

/** A lead's stage event as a row: lead id, from, to, at, actor, reason, batch id. */
type StageEventRow = readonly [
  number,
  Stage | null,
  Stage,
  string,
  string,
  string | null,
  number | null,
];

/** Appends stage events (each keeping its lead's first-reached columns current), in order. */
export async function insertStageEvents(
  tx: WriteTx,
  rows: readonly StageEventRow[],
): Promise<void> {
  for (const [leadId, from, to, at, actor, reason, batchId] of rows)
    await insertStageEvent(tx, { leadId, from, to, at, actor, reason, batchId });
}

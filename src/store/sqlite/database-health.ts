import type { Db } from "./driver.js";

/** The SQL of `funnel doctor`'s checks that are not about copies (see database-copies.ts). */

/** A row whose foreign key points at no row: its table, rowid and the table it points into. */
export interface DanglingReference {
  readonly table: string;
  readonly rowid: number | null;
  readonly parent: string;
}

/** `PRAGMA foreign_key_check`: every row that points at a row that is not there. */
export function danglingReferences(db: Db): DanglingReference[] {
  return (
    db.pragma("foreign_key_check") as { table: string; rowid: number | null; parent: string }[]
  ).map(({ table, rowid, parent }) => ({ table, rowid, parent }));
}

/** `wal`, `delete`, ...: read without changing it. */
export function journalMode(db: Db): string {
  return String(db.pragma("journal_mode", { simple: true }));
}

/**
 * Copies the WAL's pages into the database and empties it (TRUNCATE), as far as readers allow;
 * `busy` when a reader or writer kept it from finishing.
 */
export function checkpointWriteAheadLog(db: Db): { busy: boolean; pages: number; copied: number } {
  const [row] = db.pragma("wal_checkpoint(TRUNCATE)") as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  return { busy: (row?.busy ?? 0) !== 0, pages: row?.log ?? 0, copied: row?.checkpointed ?? 0 };
}

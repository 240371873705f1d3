// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import { type Db, prepared } from "./database.js";

export interface ImportBatch {
  readonly id: number;
  readonly kind: string;
  readonly file_name: string;
  readonly file_path: string;
  readonly file_size: number;
  readonly sha256: string;
  readonly options: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly rows_read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly reverted_at: string | null;
  readonly last_event_id: number;
  readonly last_deal_event_id: number;
}

export interface BatchCounts {
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export function createImportBatch(
  db: Db,
  batch: {
    kind: string;
    fileName: string;
    filePath: string;
    fileSize: number;
    options: unknown;
    startedAt: string;
  },
): number {
  const result = prepared(
    db,
    `INSERT INTO import_batches (kind, file_name, file_path, file_size, sha256, options, started_at,
       last_event_id, last_deal_event_id)
     VALUES (?, ?, ?, ?, '', ?, ?, (SELECT coalesce(max(id), 0) FROM stage_events),
       (SELECT coalesce(max(id), 0) FROM deal_events))`,
  ).run(
    batch.kind,
    batch.fileName,
    batch.filePath,
    batch.fileSize,
    JSON.stringify(batch.options),
    batch.startedAt,
  );
  return Number(result.lastInsertRowid);
}

export function finishImportBatch(
  db: Db,
  id: number,
  finish: BatchCounts & { sha256: string; fileSize: number; finishedAt: string },
): void {
  prepared(
    db,
    `UPDATE import_batches SET sha256 = ?, file_size = ?, finished_at = ?, rows_read = ?, inserted = ?,
       updated = ?, unchanged = ?, rejected = ? WHERE id = ?`,
  ).run(
    finish.sha256,
    finish.fileSize,
    finish.finishedAt,
    finish.rowsRead,
    finish.inserted,
    finish.updated,
    finish.unchanged,
    finish.rejected,
    id,
  );
}

/** Earlier batches, not reverted, that imported a file with these exact bytes. */
export function findBatchesBySha256(db: Db, sha256: string, exceptId: number): ImportBatch[] {
  return prepared(
    db,
    "SELECT * FROM import_batches WHERE sha256 = ? AND id <> ? AND reverted_at IS NULL ORDER BY id",
  ).all(sha256, exceptId) as ImportBatch[];
}

export function listImportBatches(db: Db): ImportBatch[] {
  return prepared(db, "SELECT * FROM import_batches ORDER BY id").all() as ImportBatch[];
}

export function getImportBatch(db: Db, id: number): ImportBatch | undefined {
  return prepared(db, "SELECT * FROM import_batches WHERE id = ?").get(id) as
    | ImportBatch
    | undefined;
}

export function markBatchReverted(db: Db, id: number, at: string): void {
  prepared(db, "UPDATE import_batches SET reverted_at = ? WHERE id = ?").run(at, id);
}

/** The paths of every file ever imported (as resolved at the time), each once. */
export function importedFilePaths(db: Db): string[] {
  return prepared(db, "SELECT DISTINCT file_path FROM import_batches ORDER BY file_path")
    .pluck()
    .all() as string[];
}

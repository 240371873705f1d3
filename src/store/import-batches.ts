import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

/** One import of one file, as import_batches keeps it. */
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

/** Every import, oldest first. */
export function listImportBatches(tx: ReadTx): Promise<ImportBatch[]> {
  return sql(tx).all("SELECT * FROM import_batches ORDER BY id");
}

export function getImportBatch(tx: ReadTx, id: number): Promise<ImportBatch | undefined> {
  return sql(tx).get("SELECT * FROM import_batches WHERE id = ?", [id]);
}

/** Earlier batches, not reverted, that imported a file with these exact bytes. */
export function findBatchesBySha256(
  tx: ReadTx,
  sha256: string,
  exceptId: number,
): Promise<ImportBatch[]> {
  return sql(tx).all(
    "SELECT * FROM import_batches WHERE sha256 = ? AND id <> ? AND reverted_at IS NULL ORDER BY id",
    [sha256, exceptId],
  );
}

/** Records a batch as it starts (the events before it marked); its id. */
export async function createImportBatch(
  tx: WriteTx,
  batch: {
    kind: string;
    fileName: string;
    filePath: string;
    fileSize: number;
    options: unknown;
    startedAt: string;
  },
): Promise<number> {
  const row = await sql(tx).get<{ id: number }>(
    `INSERT INTO import_batches (kind, file_name, file_path, file_size, sha256, options, started_at,
       last_event_id, last_deal_event_id)
     VALUES (?, ?, ?, ?, '', ?, ?, (SELECT coalesce(max(id), 0) FROM stage_events),
       (SELECT coalesce(max(id), 0) FROM deal_events))
     RETURNING id`,
    [
      batch.kind,
      batch.fileName,
      batch.filePath,
      batch.fileSize,
      JSON.stringify(batch.options),
      batch.startedAt,
    ],
  );
  if (row === undefined) throw new Error("an import batch was inserted without an id");
  return Number(row.id);
}

export async function finishImportBatch(
  tx: WriteTx,
  id: number,
  finish: BatchCounts & { sha256: string; fileSize: number; finishedAt: string },
): Promise<void> {
  await sql(tx).run(
    `UPDATE import_batches SET sha256 = ?, file_size = ?, finished_at = ?, rows_read = ?, inserted = ?,
       updated = ?, unchanged = ?, rejected = ? WHERE id = ?`,
    [
      finish.sha256,
      finish.fileSize,
      finish.finishedAt,
      finish.rowsRead,
      finish.inserted,
      finish.updated,
      finish.unchanged,
      finish.rejected,
      id,
    ],
  );
}

export async function markBatchReverted(tx: WriteTx, id: number, at: string): Promise<void> {
  await sql(tx).run("UPDATE import_batches SET reverted_at = ? WHERE id = ?", [at, id]);
}

import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

/** Deals and quotas an import changed; leads keep theirs in lead_revisions (lead-revisions.ts). */
export type RevisedEntity = "deal" | "quota";

/** Keeps the first snapshot per batch and record: the state before the batch touched it. */
export async function saveEntityRevision(
  tx: WriteTx,
  batchId: number,
  entity: RevisedEntity,
  id: number,
  previous: unknown,
): Promise<void> {
  await sql(tx).run(
    "INSERT INTO revisions (batch_id, entity, entity_id, previous) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    [batchId, entity, id, JSON.stringify(previous)],
  );
}

export async function entityRevisionsOfBatch<T>(
  tx: ReadTx,
  batchId: number,
  entity: RevisedEntity,
): Promise<{ id: number; previous: T }[]> {
  const rows = await sql(tx).all<{ id: number; previous: string }>(
    "SELECT entity_id AS id, previous FROM revisions WHERE batch_id = ? AND entity = ?",
    [batchId, entity],
  );
  return rows.map((row) => ({ id: row.id, previous: JSON.parse(row.previous) as T }));
}

/** Later batches that changed records this batch created or changed. */
export function laterBatchesRevising(
  tx: ReadTx,
  batchId: number,
  entity: RevisedEntity,
): Promise<{ batch_id: number; records: number }[]> {
  const table = entity === "deal" ? "deals" : "quotas";
  return sql(tx).all(
    `SELECT r.batch_id AS batch_id, count(*) AS records FROM revisions r
     WHERE r.batch_id > @batch AND r.entity = @entity
       AND (r.entity_id IN (SELECT id FROM ${table} WHERE batch_id = @batch)
            OR r.entity_id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = @entity))
     GROUP BY r.batch_id ORDER BY r.batch_id`,
    { batch: batchId, entity },
  );
}

export async function deleteEntityRevisionsOfBatch(tx: WriteTx, batchId: number): Promise<void> {
  await sql(tx).run("DELETE FROM revisions WHERE batch_id = ?", [batchId]);
}

// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import { type Db, prepared } from "./database.js";

/** Deals and quotas an import changed; leads keep theirs in lead_revisions. */
export type RevisedEntity = "deal" | "quota";

/** Keeps the first snapshot per batch and record: the state before the batch touched it. */
export function saveEntityRevision(
  db: Db,
  batchId: number,
  entity: RevisedEntity,
  id: number,
  previous: unknown,
): void {
  prepared(
    db,
    "INSERT OR IGNORE INTO revisions (batch_id, entity, entity_id, previous) VALUES (?, ?, ?, ?)",
  ).run(batchId, entity, id, JSON.stringify(previous));
}

export function entityRevisionsOfBatch<T>(
  db: Db,
  batchId: number,
  entity: RevisedEntity,
): { id: number; previous: T }[] {
  const rows = prepared(
    db,
    "SELECT entity_id AS id, previous FROM revisions WHERE batch_id = ? AND entity = ?",
  ).all(batchId, entity) as { id: number; previous: string }[];
  return rows.map((row) => ({ id: row.id, previous: JSON.parse(row.previous) as T }));
}

/** Later batches that changed records this batch created or changed. */
export function laterBatchesRevising(
  db: Db,
  batchId: number,
  entity: RevisedEntity,
): { batch_id: number; records: number }[] {
  const table = entity === "deal" ? "deals" : "quotas";
  return prepared(
    db,
    `SELECT r.batch_id AS batch_id, count(*) AS records FROM revisions r
     WHERE r.batch_id > @batch AND r.entity = @entity
       AND (r.entity_id IN (SELECT id FROM ${table} WHERE batch_id = @batch)
            OR r.entity_id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = @entity))
     GROUP BY r.batch_id ORDER BY r.batch_id`,
  ).all({ batch: batchId, entity }) as { batch_id: number; records: number }[];
}

export function deleteEntityRevisionsOfBatch(db: Db, batchId: number): void {
  prepared(db, "DELETE FROM revisions WHERE batch_id = ?").run(batchId);
}

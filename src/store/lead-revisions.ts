import type { LeadValues } from "../domain/lead-merge.js";
import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

/** What a lead looked like before a batch first changed it. */
export interface LeadSnapshot extends LeadValues {
  readonly updated_at: string;
}

/**
 * Keeps the first snapshot per batch and lead: the state before the batch touched it. False
 * when the batch had changed the lead already (its first snapshot stays).
 */
export async function saveRevision(
  tx: WriteTx,
  batchId: number,
  leadId: number,
  previous: LeadSnapshot,
): Promise<boolean> {
  const result = await sql(tx).run(
    "INSERT INTO lead_revisions (batch_id, lead_id, previous) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    [batchId, leadId, JSON.stringify(previous)],
  );
  return result.changes > 0;
}

/** The lead as it was before the batch changed it, if the batch did. */
export async function revisionOf(
  tx: ReadTx,
  batchId: number,
  leadId: number,
): Promise<LeadSnapshot | undefined> {
  const row = await sql(tx).get<{ previous: string }>(
    "SELECT previous FROM lead_revisions WHERE batch_id = ? AND lead_id = ?",
    [batchId, leadId],
  );
  return row === undefined ? undefined : (JSON.parse(row.previous) as LeadSnapshot);
}

/** Forgets the batch's snapshot of a lead it left as it was after all. */
export async function deleteRevision(tx: WriteTx, batchId: number, leadId: number): Promise<void> {
  await sql(tx).run("DELETE FROM lead_revisions WHERE batch_id = ? AND lead_id = ?", [
    batchId,
    leadId,
  ]);
}

export async function revisionsOfBatch(
  tx: ReadTx,
  batchId: number,
): Promise<{ lead_id: number; previous: LeadSnapshot }[]> {
  const rows = await sql(tx).all<{ lead_id: number; previous: string }>(
    "SELECT lead_id, previous FROM lead_revisions WHERE batch_id = ?",
    [batchId],
  );
  return rows.map((row) => ({
    lead_id: row.lead_id,
    previous: JSON.parse(row.previous) as LeadSnapshot,
  }));
}

export async function deleteRevisionsOfBatch(tx: WriteTx, batchId: number): Promise<void> {
  await sql(tx).run("DELETE FROM lead_revisions WHERE batch_id = ?", [batchId]);
}

/**
 * Later batches that changed leads this batch created or changed: reverting this one first
 * would throw their changes away, so they must be reverted first.
 */
export function laterBatchesTouching(
  tx: ReadTx,
  batchId: number,
): Promise<{ batch_id: number; leads: number }[]> {
  return sql(tx).all(
    `SELECT r.batch_id AS batch_id, count(*) AS leads FROM lead_revisions r
     WHERE r.batch_id > @batch
       AND (r.lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
            OR r.lead_id IN (SELECT lead_id FROM lead_revisions WHERE batch_id = @batch))
     GROUP BY r.batch_id ORDER BY r.batch_id`,
    { batch: batchId },
  );
}

/**
 * Stage changes made outside imports (qualification, handoff, deals) to leads this batch
 * created or changed, after it ran.
 */
export function laterStageChangesTouching(
  tx: ReadTx,
  batchId: number,
): Promise<{ lead_id: number; at: string; actor: string }[]> {
  return sql(tx).all(
    `SELECT e.lead_id AS lead_id, e.at AS at, e.actor AS actor FROM stage_events e
     WHERE e.batch_id IS NULL
       AND e.id > (SELECT last_event_id FROM import_batches WHERE id = @batch)
       AND (e.lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
            OR e.lead_id IN (SELECT lead_id FROM lead_revisions WHERE batch_id = @batch))
     ORDER BY e.id LIMIT 5`,
    { batch: batchId },
  );
}

/** Handoffs and touches of leads this batch created: removing the leads would orphan them. */
export function laterActivityOnCreatedLeads(
  tx: ReadTx,
  batchId: number,
): Promise<{ lead_id: number; what: string }[]> {
  return sql(tx).all(
    `SELECT lead_id, 'a handoff' AS what FROM handoffs WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
     UNION ALL
     SELECT lead_id, 'a touch' AS what FROM touches WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
     LIMIT 5`,
    { batch: batchId },
  );
}

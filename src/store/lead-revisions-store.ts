// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import type { LeadValues } from "../domain/lead-merge.js";
import { type Db, prepared } from "./database.js";

/** What a lead looked like before a batch first changed it. */
export interface LeadSnapshot extends LeadValues {
  readonly updated_at: string;
}

/**
 * Keeps the first snapshot per batch and lead: the state before the batch touched it. False
 * when the batch had changed the lead already (its first snapshot stays).
 */
export function saveRevision(
  db: Db,
  batchId: number,
  leadId: number,
  previous: LeadSnapshot,
): boolean {
  const result = prepared(
    db,
    "INSERT OR IGNORE INTO lead_revisions (batch_id, lead_id, previous) VALUES (?, ?, ?)",
  ).run(batchId, leadId, JSON.stringify(previous));
  return result.changes > 0;
}

/** The lead as it was before the batch changed it, if the batch did. */
export function revisionOf(db: Db, batchId: number, leadId: number): LeadSnapshot | undefined {
  const text = prepared(
    db,
    "SELECT previous FROM lead_revisions WHERE batch_id = ? AND lead_id = ?",
  )
    .pluck()
    .get(batchId, leadId) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as LeadSnapshot);
}

/** Forgets the batch's snapshot of a lead it left as it was after all. */
export function deleteRevision(db: Db, batchId: number, leadId: number): void {
  prepared(db, "DELETE FROM lead_revisions WHERE batch_id = ? AND lead_id = ?").run(
    batchId,
    leadId,
  );
}

export function revisionsOfBatch(
  db: Db,
  batchId: number,
): { lead_id: number; previous: LeadSnapshot }[] {
  const rows = prepared(db, "SELECT lead_id, previous FROM lead_revisions WHERE batch_id = ?").all(
    batchId,
  ) as {
    lead_id: number;
    previous: string;
  }[];
  return rows.map((row) => ({
    lead_id: row.lead_id,
    previous: JSON.parse(row.previous) as LeadSnapshot,
  }));
}

/**
 * Later batches that changed leads this batch created or changed: reverting this one first
 * would throw their changes away, so they must be reverted first.
 */
export function laterBatchesTouching(
  db: Db,
  batchId: number,
): { batch_id: number; leads: number }[] {
  return prepared(
    db,
    `SELECT r.batch_id AS batch_id, count(*) AS leads FROM lead_revisions r
     WHERE r.batch_id > @batch
       AND (r.lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
            OR r.lead_id IN (SELECT lead_id FROM lead_revisions WHERE batch_id = @batch))
     GROUP BY r.batch_id ORDER BY r.batch_id`,
  ).all({ batch: batchId }) as { batch_id: number; leads: number }[];
}

/**
 * Stage changes made outside imports (qualification, handoff, deals) to leads this batch
 * created or changed, after it ran.
 */
export function laterStageChangesTouching(
  db: Db,
  batchId: number,
): { lead_id: number; at: string; actor: string }[] {
  return prepared(
    db,
    `SELECT e.lead_id AS lead_id, e.at AS at, e.actor AS actor FROM stage_events e
     WHERE e.batch_id IS NULL
       AND e.id > (SELECT last_event_id FROM import_batches WHERE id = @batch)
       AND (e.lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
            OR e.lead_id IN (SELECT lead_id FROM lead_revisions WHERE batch_id = @batch))
     ORDER BY e.id LIMIT 5`,
  ).all({ batch: batchId }) as { lead_id: number; at: string; actor: string }[];
}

export function deleteRevisionsOfBatch(db: Db, batchId: number): void {
  prepared(db, "DELETE FROM lead_revisions WHERE batch_id = ?").run(batchId);
}

/** Handoffs and touches of leads this batch created: removing the leads would orphan them. */
export function laterActivityOnCreatedLeads(
  db: Db,
  batchId: number,
): { lead_id: number; what: string }[] {
  return prepared(
    db,
    `SELECT lead_id, 'a handoff' AS what FROM handoffs WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
     UNION ALL
     SELECT lead_id, 'a touch' AS what FROM touches WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = @batch)
     LIMIT 5`,
  ).all({ batch: batchId }) as { lead_id: number; what: string }[];
}

import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { getImportBatch, markBatchReverted } from "../store/import-batches-store.js";
import {
  deleteRevisionsOfBatch,
  laterActivityOnCreatedLeads,
  laterBatchesTouching,
  laterStageChangesTouching,
  revisionsOfBatch,
} from "../store/lead-revisions-store.js";
import { deleteLeadsOfBatch, updateLead } from "../store/leads-store.js";
import { deleteStageEventsOfBatch } from "../store/stage-events-store.js";
import { runSyncTransaction } from "../store/transaction.js";

export interface RevertSummary {
  readonly batchId: number;
  readonly file: string;
  readonly dryRun: boolean;
  readonly leadsRemoved: number;
  readonly leadsRestored: number;
  readonly eventsRemoved: number;
}

/**
 * Puts the database back as it was before batch `batchId`: the leads it created are removed,
 * the leads it changed get their previous values back, its stage events go. Refused, with
 * the reason, when later changes build on it; they must be undone first.
 */
export function revertImport(
  db: Db,
  batchId: number,
  options: { dryRun: boolean; now?: () => Date },
): RevertSummary {
  const now = options.now ?? (() => new Date());
  return runSyncTransaction(db, { rollback: options.dryRun }, (): RevertSummary => {
    const batch = getImportBatch(db, batchId);
    if (batch === undefined) {
      throw new UserError(
        `there is no import batch ${batchId}`,
        "see the batches with: funnel import list",
      );
    }
    if (batch.kind !== "leads") {
      throw new UserError(
        `batch ${batchId} imported ${batch.kind}; only lead imports can be reverted`,
        "change reps with funnel rep update, or take one off with funnel rep deactivate",
      );
    }
    if (batch.reverted_at !== null) {
      throw new UserError(`batch ${batchId} was already reverted on ${batch.reverted_at}`);
    }
    const later = laterBatchesTouching(db, batchId);
    if (later.length > 0) {
      const names = later
        .map((entry) => `batch ${entry.batch_id} (${entry.leads} lead(s))`)
        .join(", ");
      throw new UserError(
        `batch ${batchId} cannot be reverted: later imports changed its leads: ${names}`,
        `revert those first, newest first (funnel import revert ${later[later.length - 1]?.batch_id})`,
      );
    }
    const changes = laterStageChangesTouching(db, batchId);
    if (changes.length > 0) {
      const first = changes[0];
      throw new UserError(
        `batch ${batchId} cannot be reverted: its leads changed stage since (lead ${first?.lead_id} by ${first?.actor} at ${first?.at})`,
        "those changes would be lost; undo them first or keep the batch",
      );
    }
    const activity = laterActivityOnCreatedLeads(db, batchId);
    if (activity.length > 0) {
      const first = activity[0];
      throw new UserError(
        `batch ${batchId} cannot be reverted: its leads have been worked since (lead ${first?.lead_id} has ${first?.what})`,
        "those records would be lost; keep the batch",
      );
    }
    const revisions = revisionsOfBatch(db, batchId);
    for (const { lead_id, previous } of revisions) {
      const { updated_at, ...values } = previous;
      updateLead(db, lead_id, values, updated_at);
    }
    const eventsRemoved = deleteStageEventsOfBatch(db, batchId);
    deleteRevisionsOfBatch(db, batchId);
    const leadsRemoved = deleteLeadsOfBatch(db, batchId);
    markBatchReverted(db, batchId, now().toISOString());
    return {
      batchId,
      file: batch.file_name,
      dryRun: options.dryRun,
      leadsRemoved,
      leadsRestored: revisions.length,
      eventsRemoved,
    };
  });
}

import { UserError } from "../errors.js";
import {
  type DealValues,
  dealsOfLeadsOfBatch,
  deleteDealEventsOfBatch,
  deleteDealsOfBatch,
  laterDealEventsTouching,
  updateDeal,
} from "../store/deals.js";
import { getImportBatch, type ImportBatch, markBatchReverted } from "../store/import-batches.js";
import {
  deleteRevisionsOfBatch,
  laterActivityOnCreatedLeads,
  laterBatchesTouching,
  laterStageChangesTouching,
  revisionsOfBatch,
} from "../store/lead-revisions.js";
import {
  clearLeadEmail,
  deleteLeadsOfBatch,
  findLeadByEmail,
  getLeadById,
  recomputeLeadStages,
  updateLead,
} from "../store/leads.js";
import { deleteQuotasOfBatch, quotasChangedSince, updateQuotaTarget } from "../store/quotas.js";
import { deleteRepsOfBatch, laterUseOfBatchReps } from "../store/reps.js";
import {
  deleteEntityRevisionsOfBatch,
  entityRevisionsOfBatch,
  laterBatchesRevising,
  type RevisedEntity,
} from "../store/revisions.js";
import {
  deleteStageEventsOfBatch,
  leadsWithEventsOfBatch,
  moveCreationEvent,
} from "../store/stage-events.js";
import type { Store, WriteTx } from "../store/store.js";

/** The kinds of import a revert can undo; reps are changed with the rep commands instead. */
const revertableKinds = ["leads", "deals", "quotas"] as const;
type RevertableKind = (typeof revertableKinds)[number];

export interface RevertSummary {
  readonly batchId: number;
  readonly kind: RevertableKind;
  readonly file: string;
  readonly dryRun: boolean;
  /** Leads the batch created, removed; leads it changed (or moved with a deal), restored. */
  readonly leadsRemoved: number;
  readonly leadsRestored: number;
  /** Lead stage events. */
  readonly eventsRemoved: number;
  readonly dealsRemoved: number;
  readonly dealsRestored: number;
  readonly dealEventsRemoved: number;
  readonly quotasRemoved: number;
  readonly quotasRestored: number;
  /** Reps a deals import created (--create-reps). */
  readonly repsRemoved: number;
}

/**
 * Puts the database back as it was before batch `batchId`: what it created is removed, what
 * it changed gets its previous values back, its events go. Refused, with the reason, when
 * later changes build on it; they must be undone first.
 */
export function revertImport(
  store: Store,
  batchId: number,
  options: { dryRun: boolean; now?: () => Date },
): Promise<RevertSummary> {
  const now = options.now ?? (() => new Date());
  return store.write(
    async (tx): Promise<RevertSummary> => {
      const batch = await getImportBatch(tx, batchId);
      if (batch === undefined) {
        throw new UserError(
          `there is no import batch ${batchId}`,
          "see the batches with: funnel import list",
        );
      }
      const kind = batch.kind;
      if (!isRevertable(kind)) {
        throw new UserError(
          `batch ${batchId} imported ${kind}; only lead, deal and quota imports can be reverted`,
          "change reps with funnel rep update, or take one off with funnel rep deactivate",
        );
      }
      if (batch.reverted_at !== null) {
        throw new UserError(`batch ${batchId} was already reverted on ${batch.reverted_at}`);
      }
      const summary = { batchId, kind, file: batch.file_name, dryRun: options.dryRun };
      let result: Omit<RevertSummary, keyof typeof summary>;
      if (kind === "quotas") result = { ...nothing, ...(await revertQuotas(tx, batch)) };
      else {
        if (kind === "deals") await refuseLaterDealChanges(tx, batchId);
        await refuseLaterLeadChanges(tx, batchId);
        const deals = kind === "deals" ? await revertDeals(tx, batchId) : {};
        result = { ...nothing, ...deals, ...(await revertLeads(tx, batchId)) };
      }
      await deleteEntityRevisionsOfBatch(tx, batchId);
      await markBatchReverted(tx, batchId, now().toISOString());
      return { ...summary, ...result };
    },
    { dryRun: options.dryRun },
  );
}

const nothing = {
  leadsRemoved: 0,
  leadsRestored: 0,
  eventsRemoved: 0,
  dealsRemoved: 0,
  dealsRestored: 0,
  dealEventsRemoved: 0,
  quotasRemoved: 0,
  quotasRestored: 0,
  repsRemoved: 0,
};

function isRevertable(kind: string): kind is RevertableKind {
  return (revertableKinds as readonly string[]).includes(kind);
}

async function refuseLaterLeadChanges(tx: WriteTx, batchId: number): Promise<void> {
  const later = await laterBatchesTouching(tx, batchId);
  if (later.length > 0) {
    const names = later
      .map((entry) => `batch ${entry.batch_id} (${entry.leads} lead(s))`)
      .join(", ");
    throw new UserError(
      `batch ${batchId} cannot be reverted: later imports changed its leads: ${names}`,
      `revert those first, newest first (funnel import revert ${later[later.length - 1]?.batch_id})`,
    );
  }
  const changes = await laterStageChangesTouching(tx, batchId);
  if (changes.length > 0) {
    const first = changes[0];
    throw new UserError(
      `batch ${batchId} cannot be reverted: its leads changed stage since (lead ${first?.lead_id} by ${first?.actor} at ${first?.at})`,
      "those changes would be lost; undo them first or keep the batch",
    );
  }
  const activity = await laterActivityOnCreatedLeads(tx, batchId);
  if (activity.length > 0) {
    const first = activity[0];
    throw new UserError(
      `batch ${batchId} cannot be reverted: its leads have been worked since (lead ${first?.lead_id} has ${first?.what})`,
      "those records would be lost; keep the batch",
    );
  }
  const deals = await dealsOfLeadsOfBatch(tx, batchId);
  if (deals.length > 0) {
    const first = deals[0];
    throw new UserError(
      `batch ${batchId} cannot be reverted: its leads have deals since (lead ${first?.lead_id} has deal ${first?.deal_id})`,
      "revert or remove those deals first, or keep the batch",
    );
  }
  await refuseTakenEmails(tx, batchId);
}

/**
 * A lead the batch changed gets its email back, unless another lead has taken it since: one
 * the batch neither changed nor created (those give theirs up). The email is the one unique
 * key a revert gives back that can have moved: an import never changes an external id once
 * set (a revert at most takes a new one away), deals keep theirs, and a revert removes the
 * reps and deals a batch created rather than adding any.
 */
async function refuseTakenEmails(tx: WriteTx, batchId: number): Promise<void> {
  const revisions = await revisionsOfBatch(tx, batchId);
  const changed = new Set(revisions.map((revision) => revision.lead_id));
  for (const { lead_id, previous } of revisions) {
    const holder = previous.email === null ? undefined : await findLeadByEmail(tx, previous.email);
    if (holder === undefined || changed.has(holder.id) || holder.batch_id === batchId) continue;
    const laterBatch = holder.batch_id !== null && holder.batch_id > batchId;
    throw new UserError(
      `batch ${batchId} cannot be reverted: lead ${lead_id} would get back its email ${previous.email}, which lead ${holder.id} has now`,
      laterBatch
        ? `revert batch ${holder.batch_id}, which added lead ${holder.id}, first (funnel import revert ${holder.batch_id}), or keep batch ${batchId}`
        : `lead ${holder.id} must give it up first (revert the import that gave it, or import lead ${holder.id} with another email), or keep batch ${batchId}`,
    );
  }
}

async function refuseLaterBatches(
  tx: WriteTx,
  batchId: number,
  entity: RevisedEntity,
): Promise<void> {
  const later = await laterBatchesRevising(tx, batchId, entity);
  if (later.length === 0) return;
  const names = later
    .map((entry) => `batch ${entry.batch_id} (${entry.records} ${entity}(s))`)
    .join(", ");
  throw new UserError(
    `batch ${batchId} cannot be reverted: later imports changed its ${entity}s: ${names}`,
    `revert those first, newest first (funnel import revert ${later[later.length - 1]?.batch_id})`,
  );
}

async function refuseLaterDealChanges(tx: WriteTx, batchId: number): Promise<void> {
  await refuseLaterBatches(tx, batchId, "deal");
  const events = await laterDealEventsTouching(tx, batchId);
  if (events.length > 0) {
    const first = events[0];
    throw new UserError(
      `batch ${batchId} cannot be reverted: its deals changed since (deal ${first?.deal_id} by ${first?.actor} at ${first?.at})`,
      "those changes would be lost; undo them first or keep the batch",
    );
  }
  const uses = await laterUseOfBatchReps(tx, batchId);
  if (uses.length > 0) {
    const first = uses[0];
    throw new UserError(
      `batch ${batchId} cannot be reverted: a rep it created has been given work since (${first?.handle} has ${first?.what})`,
      "those records would be lost; keep the batch",
    );
  }
}

/**
 * The leads part, for lead and deal batches: remove its events and the leads it created, then
 * restore the leads it changed. Created leads go first, and changed leads give up their emails
 * before any gets its own back: within the batch an email may have passed from one lead to
 * another (refuseTakenEmails has made sure no other lead holds one).
 */
async function revertLeads(tx: WriteTx, batchId: number) {
  const revisions = await revisionsOfBatch(tx, batchId);
  // Leads that keep existing but lose events get their first-reached times again from the
  // events left (the ones the batch created go altogether).
  const moved = await leadsWithEventsOfBatch(tx, batchId);
  const eventsRemoved = await deleteStageEventsOfBatch(tx, batchId);
  await deleteRevisionsOfBatch(tx, batchId);
  const leadsRemoved = await deleteLeadsOfBatch(tx, batchId);
  for (const { lead_id } of revisions) await clearLeadEmail(tx, lead_id);
  for (const { lead_id, previous } of revisions) {
    const { updated_at, ...values } = previous;
    // The batch gave the lead an earlier created date, and its first event with it.
    const createdAt = (await getLeadById(tx, lead_id))?.created_at;
    if (createdAt !== undefined && createdAt !== values.created_at) {
      await moveCreationEvent(tx, lead_id, createdAt, values.created_at);
      moved.push(lead_id);
    }
    await updateLead(tx, lead_id, values, updated_at);
  }
  await recomputeLeadStages(tx, moved);
  return { leadsRemoved, leadsRestored: revisions.length, eventsRemoved };
}

async function revertDeals(tx: WriteTx, batchId: number) {
  const revisions = await entityRevisionsOfBatch<DealValues & { updated_at: string }>(
    tx,
    batchId,
    "deal",
  );
  for (const { id, previous } of revisions) {
    const { updated_at, ...values } = previous;
    await updateDeal(tx, id, values, updated_at);
  }
  const dealEventsRemoved = await deleteDealEventsOfBatch(tx, batchId);
  const dealsRemoved = await deleteDealsOfBatch(tx, batchId);
  const repsRemoved = await deleteRepsOfBatch(tx, batchId);
  return { dealsRemoved, dealsRestored: revisions.length, dealEventsRemoved, repsRemoved };
}

async function revertQuotas(tx: WriteTx, batch: ImportBatch) {
  await refuseLaterBatches(tx, batch.id, "quota");
  const changed = await quotasChangedSince(tx, batch.id, batch.finished_at ?? batch.started_at);
  if (changed.length > 0) {
    const first = changed[0];
    throw new UserError(
      `batch ${batch.id} cannot be reverted: its quotas were set again since (quota ${first?.id} at ${first?.updated_at})`,
      "those changes would be lost; set them back first or keep the batch",
    );
  }
  const revisions = await entityRevisionsOfBatch<{ target: number; updated_at: string }>(
    tx,
    batch.id,
    "quota",
  );
  for (const { id, previous } of revisions)
    await updateQuotaTarget(tx, id, previous.target, previous.updated_at);
  const quotasRemoved = await deleteQuotasOfBatch(tx, batch.id);
  return { quotasRemoved, quotasRestored: revisions.length };
}

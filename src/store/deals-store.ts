// Legacy: the import's synchronous deal queries (src/import/); deals.ts is the store's.
import { type Attributes, attributesOf } from "../domain/attributes.js";
import type { DealKind } from "../domain/quota-metrics.js";
import { type Db, prepared } from "./database.js";

export type { DealKind };

/** A deal's own values: what an import may change and a revert puts back. */
export interface DealValues {
  readonly external_id: string | null;
  readonly name: string | null;
  readonly account: string | null;
  readonly lead_id: number | null;
  readonly owner_id: number;
  /** Minor units; null while an open deal has no amount yet. */
  readonly amount: number | null;
  readonly stage: string;
  readonly kind: DealKind;
  readonly opened_at: string;
  readonly expected_close: string | null;
  readonly closed_at: string | null;
  readonly lost_reason: string | null;
  readonly attributes: Attributes;
}

export interface StoredDeal extends DealValues {
  readonly id: number;
  readonly owner: string;
  readonly batch_id: number | null;
  readonly updated_at: string;
}

interface DealRow extends Omit<StoredDeal, "attributes"> {
  attributes: string;
}

const selectDeal = `SELECT d.*, r.handle AS owner FROM deals d JOIN reps r ON r.id = d.owner_id`;

const toDeal = (row: DealRow): StoredDeal => ({
  ...row,
  attributes: attributesOf(JSON.parse(row.attributes)),
});

const bindValues = (deal: DealValues) => ({
  ...deal,
  attributes: JSON.stringify(deal.attributes),
});

export function insertDeal(
  db: Db,
  deal: DealValues,
  meta: { batchId: number | null; at: string },
): number {
  const result = prepared(
    db,
    `INSERT INTO deals (external_id, name, account, lead_id, owner_id, amount, stage, kind, opened_at,
       expected_close, closed_at, lost_reason, attributes, batch_id, updated_at)
     VALUES (@external_id, @name, @account, @lead_id, @owner_id, @amount, @stage, @kind, @opened_at,
       @expected_close, @closed_at, @lost_reason, @attributes, @batchId, @at)`,
  ).run({ ...bindValues(deal), batchId: meta.batchId, at: meta.at });
  return Number(result.lastInsertRowid);
}

export function updateDeal(db: Db, id: number, deal: DealValues, updatedAt: string): void {
  prepared(
    db,
    `UPDATE deals SET external_id = @external_id, name = @name, account = @account, lead_id = @lead_id,
       owner_id = @owner_id, amount = @amount, stage = @stage, kind = @kind, opened_at = @opened_at,
       expected_close = @expected_close, closed_at = @closed_at, lost_reason = @lost_reason,
       attributes = @attributes, updated_at = @updatedAt
     WHERE id = @id`,
  ).run({ ...bindValues(deal), updatedAt, id });
}

export function getDeal(db: Db, id: number): StoredDeal | undefined {
  const row = prepared(db, `${selectDeal} WHERE d.id = ?`).get(id) as DealRow | undefined;
  return row === undefined ? undefined : toDeal(row);
}

/** A deal by its id or its external id (a CRM's opportunity id). */
export function findDeal(db: Db, reference: string): StoredDeal | undefined {
  const text = reference.trim();
  const row = prepared(db, `${selectDeal} WHERE d.external_id = ?`).get(text) as
    | DealRow
    | undefined;
  if (row !== undefined) return toDeal(row);
  return /^\d+$/.test(text) ? getDeal(db, Number(text)) : undefined;
}

export interface DealFilter {
  readonly ownerId?: number | undefined;
  readonly stage?: string | undefined;
  readonly status?: "open" | "won" | "lost" | "closed" | undefined;
  readonly leadId?: number | undefined;
  /** Closed (won or lost) in [from, to). */
  readonly closedFrom?: string | undefined;
  readonly closedTo?: string | undefined;
}

export function listDeals(db: Db, filter: DealFilter, limit: number | undefined): StoredDeal[] {
  const rows = prepared(
    db,
    `${selectDeal}
     WHERE (@ownerId IS NULL OR d.owner_id = @ownerId)
       AND (@stage IS NULL OR d.stage = @stage)
       AND (@leadId IS NULL OR d.lead_id = @leadId)
       AND (@status IS NULL
            OR (@status = 'open' AND d.closed_at IS NULL)
            OR (@status = 'closed' AND d.closed_at IS NOT NULL)
            OR d.stage = @status)
       AND (@closedFrom IS NULL OR (d.closed_at >= @closedFrom AND d.closed_at < @closedTo))
     ORDER BY coalesce(d.closed_at, d.opened_at) DESC, d.id DESC
     LIMIT @limit`,
  ).all({
    ownerId: filter.ownerId ?? null,
    stage: filter.stage ?? null,
    leadId: filter.leadId ?? null,
    status: filter.status ?? null,
    closedFrom: filter.closedFrom ?? null,
    closedTo: filter.closedTo ?? null,
    limit: limit ?? -1,
  }) as DealRow[];
  return rows.map(toDeal);
}

export function countDeals(db: Db): number {
  return (prepared(db, "SELECT count(*) AS n FROM deals").get() as { n: number }).n;
}

export interface DealEvent {
  readonly id: number;
  readonly deal_id: number;
  readonly from_stage: string | null;
  readonly to_stage: string;
  readonly at: string;
  readonly actor: string;
  readonly amount: number | null;
  readonly reason: string | null;
  readonly batch_id: number | null;
}

export function insertDealEvent(db: Db, event: Omit<DealEvent, "id">): void {
  prepared(
    db,
    `INSERT INTO deal_events (deal_id, from_stage, to_stage, at, actor, amount, reason, batch_id)
     VALUES (@deal_id, @from_stage, @to_stage, @at, @actor, @amount, @reason, @batch_id)`,
  ).run(event);
}

export function dealHistory(db: Db, dealId: number): DealEvent[] {
  return prepared(db, "SELECT * FROM deal_events WHERE deal_id = ? ORDER BY at, id").all(
    dealId,
  ) as DealEvent[];
}

export function deleteDealsOfBatch(db: Db, batchId: number): number {
  prepared(
    db,
    "DELETE FROM deal_events WHERE deal_id IN (SELECT id FROM deals WHERE batch_id = ?)",
  ).run(batchId);
  return prepared(db, "DELETE FROM deals WHERE batch_id = ?").run(batchId).changes;
}

export function deleteDealEventsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM deal_events WHERE batch_id = ?").run(batchId).changes;
}

/** Events from outside batch `batchId`, after it, on deals it created or changed. */
export function laterDealEventsTouching(
  db: Db,
  batchId: number,
): { deal_id: number; at: string; actor: string }[] {
  return prepared(
    db,
    `SELECT deal_id, at, actor FROM deal_events
     WHERE (batch_id IS NULL OR batch_id <> @batch)
       AND id > (SELECT last_deal_event_id FROM import_batches WHERE id = @batch)
       AND (deal_id IN (SELECT id FROM deals WHERE batch_id = @batch)
            OR deal_id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = 'deal'))
     ORDER BY id LIMIT 5`,
  ).all({ batch: batchId }) as { deal_id: number; at: string; actor: string }[];
}

/** A deal by its external id only: what an import matches rows on (never a row id). */
export function findDealByExternalId(db: Db, externalId: string): StoredDeal | undefined {
  const row = prepared(db, `${selectDeal} WHERE d.external_id = ?`).get(externalId) as
    | DealRow
    | undefined;
  return row === undefined ? undefined : toDeal(row);
}

/** Deals that point at leads batch `batchId` created: removing those leads would orphan them. */
export function dealsOfLeadsOfBatch(
  db: Db,
  batchId: number,
): { deal_id: number; lead_id: number }[] {
  return prepared(
    db,
    `SELECT id AS deal_id, lead_id FROM deals
     WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = ?) ORDER BY id LIMIT 5`,
  ).all(batchId) as { deal_id: number; lead_id: number }[];
}

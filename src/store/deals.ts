import { type Attributes, attributesOf } from "../domain/attributes.js";
import type { DealKind } from "../domain/quota-metrics.js";
import { rowsWithAmountSums } from "./amount-sums.js";
import { dialect, sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

export type { DealKind };

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
  /** The owner's rep handle. */
  readonly owner: string;
  readonly batch_id: number | null;
  readonly updated_at: string;
}

interface DealRow extends Omit<StoredDeal, "attributes"> {
  attributes: string;
}

const selectDeal = "SELECT d.*, r.handle AS owner FROM deals d JOIN reps r ON r.id = d.owner_id";

const toDeal = (row: DealRow): StoredDeal => ({
  ...row,
  attributes: attributesOf(JSON.parse(row.attributes)),
});

const bindValues = (deal: DealValues) => ({
  ...deal,
  attributes: JSON.stringify(deal.attributes),
});

/** Inserts a deal; its id. */
export async function insertDeal(
  tx: WriteTx,
  deal: DealValues,
  meta: { batchId: number | null; at: string },
): Promise<number> {
  const row = await sql(tx).get<{ id: number }>(
    `INSERT INTO deals (external_id, name, account, lead_id, owner_id, amount, stage, kind, opened_at,
       expected_close, closed_at, lost_reason, attributes, batch_id, updated_at)
     VALUES (@external_id, @name, @account, @lead_id, @owner_id, @amount, @stage, @kind, @opened_at,
       @expected_close, @closed_at, @lost_reason, @attributes, @batchId, @at)
     RETURNING id`,
    { ...bindValues(deal), batchId: meta.batchId, at: meta.at },
  );
  return (row as { id: number }).id;
}

export async function updateDeal(
  tx: WriteTx,
  id: number,
  deal: DealValues,
  updatedAt: string,
): Promise<void> {
  await sql(tx).run(
    `UPDATE deals SET external_id = @external_id, name = @name, account = @account, lead_id = @lead_id,
       owner_id = @owner_id, amount = @amount, stage = @stage, kind = @kind, opened_at = @opened_at,
       expected_close = @expected_close, closed_at = @closed_at, lost_reason = @lost_reason,
       attributes = @attributes, updated_at = @updatedAt
     WHERE id = @id`,
    { ...bindValues(deal), updatedAt, id },
  );
}

export async function getDeal(tx: ReadTx, id: number): Promise<StoredDeal | undefined> {
  const row = await sql(tx).get<DealRow>(`${selectDeal} WHERE d.id = ?`, [id]);
  return row === undefined ? undefined : toDeal(row);
}

export async function findDealByExternalId(
  tx: ReadTx,
  externalId: string,
): Promise<StoredDeal | undefined> {
  const row = await sql(tx).get<DealRow>(`${selectDeal} WHERE d.external_id = ?`, [externalId]);
  return row === undefined ? undefined : toDeal(row);
}

/** A deal by external id, else by id (digits). */
export async function findDeal(tx: ReadTx, reference: string): Promise<StoredDeal | undefined> {
  const text = reference.trim();
  const byExternalId = await findDealByExternalId(tx, text);
  if (byExternalId !== undefined) return byExternalId;
  return /^\d+$/.test(text) ? getDeal(tx, Number(text)) : undefined;
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

export async function listDeals(
  tx: ReadTx,
  filter: DealFilter,
  limit: number | undefined,
): Promise<StoredDeal[]> {
  const rows = await sql(tx).all<DealRow>(
    `${selectDeal}
     WHERE (CAST(@ownerId AS BIGINT) IS NULL OR d.owner_id = @ownerId)
       AND (CAST(@stage AS TEXT) IS NULL OR d.stage = @stage)
       AND (CAST(@leadId AS BIGINT) IS NULL OR d.lead_id = @leadId)
       AND (CAST(@status AS TEXT) IS NULL
            OR (@status = 'open' AND d.closed_at IS NULL)
            OR (@status = 'closed' AND d.closed_at IS NOT NULL)
            OR d.stage = @status)
       AND (CAST(@closedFrom AS TEXT) IS NULL OR (d.closed_at >= @closedFrom AND d.closed_at < @closedTo))
     ORDER BY coalesce(d.closed_at, d.opened_at) DESC, d.id DESC
     LIMIT @limit`,
    {
      ownerId: filter.ownerId ?? null,
      stage: filter.stage ?? null,
      leadId: filter.leadId ?? null,
      status: filter.status ?? null,
      closedFrom: filter.closedFrom ?? null,
      closedTo: filter.closedTo ?? null,
      limit: limit ?? dialect(tx).noLimit,
    },
  );
  return rows.map(toDeal);
}

export async function countDeals(tx: ReadTx): Promise<number> {
  return (await sql(tx).get<{ n: number }>("SELECT count(*) AS n FROM deals"))?.n ?? 0;
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

export async function insertDealEvent(tx: WriteTx, event: Omit<DealEvent, "id">): Promise<void> {
  await sql(tx).run(
    `INSERT INTO deal_events (deal_id, from_stage, to_stage, at, actor, amount, reason, batch_id)
     VALUES (@deal_id, @from_stage, @to_stage, @at, @actor, @amount, @reason, @batch_id)`,
    event,
  );
}

export function dealHistory(tx: ReadTx, dealId: number): Promise<DealEvent[]> {
  return sql(tx).all<DealEvent>("SELECT * FROM deal_events WHERE deal_id = ? ORDER BY at, id", [
    dealId,
  ]);
}

/** Per owner, the deals closed in [from, to): won, their amount, lost. */
export async function closedDealsByOwner(
  tx: ReadTx,
  from: string,
  to: string,
): Promise<{ owner_id: number; won: number; won_amount: number; lost: number }[]> {
  return rowsWithAmountSums(
    await sql(tx).all<{ owner_id: number; won: number; won_amount: number; lost: number }>(
      `SELECT owner_id,
              sum(CASE WHEN stage = 'won' THEN 1 ELSE 0 END) AS won,
              coalesce(sum(CASE WHEN stage = 'won' THEN amount ELSE 0 END), 0) AS won_amount,
              sum(CASE WHEN stage = 'lost' THEN 1 ELSE 0 END) AS lost
       FROM deals WHERE closed_at >= ? AND closed_at < ? GROUP BY owner_id`,
      [from, to],
    ),
    ["won_amount"],
  );
}

/**
 * Per owner and stage (as of `asOf`), the deals open at `asOf` expected to close in
 * [closeFrom, closeTo): count and amount.
 */
export async function openPipelineByOwner(
  tx: ReadTx,
  asOf: string,
  closeFrom: string,
  closeTo: string,
): Promise<{ owner_id: number; stage: string; deals: number; amount: number }[]> {
  return rowsWithAmountSums(
    await sql(tx).all<{ owner_id: number; stage: string; deals: number; amount: number }>(
      // +d.owner_id: without it SQLite walked every deal ever made through deals_owner_closed;
      // with it, it takes the open ones from two ranges of deals_closed (NULL, after as-of).
      `SELECT owner_id, stage, count(*) AS deals, coalesce(sum(amount), 0) AS amount FROM (
         SELECT +d.owner_id AS owner_id,
           CASE WHEN e.id IS NULL THEN d.amount ELSE e.amount END AS amount,
           coalesce(e.to_stage, d.stage) AS stage
         FROM deals d
         LEFT JOIN deal_events e ON e.id = (SELECT last.id FROM deal_events last
           WHERE last.deal_id = d.id AND last.at <= @asOf ORDER BY last.at DESC, last.id DESC LIMIT 1)
         WHERE d.opened_at <= @asOf AND (d.closed_at IS NULL OR d.closed_at > @asOf)
           AND d.expected_close >= @closeFrom AND d.expected_close < @closeTo) AS open_deals
       GROUP BY owner_id, stage`,
      { asOf, closeFrom, closeTo },
    ),
    ["amount"],
  );
}

/** Removes the deals a batch created, with their events; how many deals. */
export async function deleteDealsOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  await sql(tx).run(
    "DELETE FROM deal_events WHERE deal_id IN (SELECT id FROM deals WHERE batch_id = ?)",
    [batchId],
  );
  return (await sql(tx).run("DELETE FROM deals WHERE batch_id = ?", [batchId])).changes;
}

export async function deleteDealEventsOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  return (await sql(tx).run("DELETE FROM deal_events WHERE batch_id = ?", [batchId])).changes;
}

/** Events from outside batch `batchId`, after it, on deals it created or changed. */
export function laterDealEventsTouching(
  tx: ReadTx,
  batchId: number,
): Promise<{ deal_id: number; at: string; actor: string }[]> {
  return sql(tx).all(
    `SELECT deal_id, at, actor FROM deal_events
     WHERE (batch_id IS NULL OR batch_id <> @batch)
       AND id > (SELECT last_deal_event_id FROM import_batches WHERE id = @batch)
       AND (deal_id IN (SELECT id FROM deals WHERE batch_id = @batch)
            OR deal_id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = 'deal'))
     ORDER BY id LIMIT 5`,
    { batch: batchId },
  );
}

/** Deals of leads batch `batchId` created (a few): removing the leads would orphan them. */
export function dealsOfLeadsOfBatch(
  tx: ReadTx,
  batchId: number,
): Promise<{ deal_id: number; lead_id: number }[]> {
  return sql(tx).all(
    `SELECT id AS deal_id, lead_id FROM deals
     WHERE lead_id IN (SELECT id FROM leads WHERE batch_id = ?) ORDER BY id LIMIT 5`,
    [batchId],
  );
}

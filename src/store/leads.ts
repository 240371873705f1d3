import { attributesOf } from "../domain/attributes.js";
import { leadFields } from "../domain/lead-fields.js";
import type { LeadValues } from "../domain/lead-merge.js";
import type { Stage } from "../domain/stages.js";
import { dialect, engine, engineImport, sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

/** A lead as stored, with its bookkeeping. */
export interface StoredLead extends LeadValues {
  readonly id: number;
  readonly batch_id: number | null;
  readonly updated_at: string;
}

interface LeadRow extends Omit<StoredLead, "attributes"> {
  attributes: string;
}

const selectLead = `SELECT id, external_id, email, first_name, last_name, name, company, title, phone,
  country, source, campaign, created_at, owner, stage, score, attributes, batch_id, updated_at FROM leads`;

function toStoredLead(row: LeadRow): StoredLead {
  return { ...row, attributes: attributesOf(JSON.parse(row.attributes)) };
}

const toStoredLeads = (rows: LeadRow[]) => rows.map(toStoredLead);

async function oneLead(tx: ReadTx, where: string, value: unknown): Promise<StoredLead | undefined> {
  const row = await sql(tx).get<LeadRow>(`${selectLead} WHERE ${where} = ?`, [value]);
  return row === undefined ? undefined : toStoredLead(row);
}

export function findLeadByEmail(tx: ReadTx, email: string): Promise<StoredLead | undefined> {
  return oneLead(tx, "email", email);
}

export function findLeadByExternalId(
  tx: ReadTx,
  externalId: string,
): Promise<StoredLead | undefined> {
  return oneLead(tx, "external_id", externalId);
}

export function getLeadById(tx: ReadTx, id: number): Promise<StoredLead | undefined> {
  return oneLead(tx, "id", id);
}

/** Finds a lead by id (digits), email, or external id, in that order. */
export async function findLead(tx: ReadTx, reference: string): Promise<StoredLead | undefined> {
  const trimmed = reference.trim();
  const byId = /^\d+$/.test(trimmed) ? await getLeadById(tx, Number(trimmed)) : undefined;
  return (
    byId ??
    (await findLeadByEmail(tx, trimmed.toLowerCase())) ??
    (await findLeadByExternalId(tx, trimmed))
  );
}

const updateLeadSql = `UPDATE leads SET ${leadFields.map((field) => `${field} = ?`).join(", ")},
  attributes = ?, updated_at = ? WHERE id = ?`;

export async function updateLead(
  tx: WriteTx,
  id: number,
  lead: LeadValues,
  updatedAt: string,
): Promise<void> {
  const values = leadFields.map((field) => lead[field]);
  await sql(tx).run(updateLeadSql, [...values, JSON.stringify(lead.attributes), updatedAt, id]);
}

export interface LeadFilter {
  readonly stage?: Stage | undefined;
  readonly source?: string | undefined;
  readonly owner?: string | undefined;
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

/** The WHERE clause of a filter (named parameters): shared with the engines' own queries. */
export function filterClause(filter: LeadFilter): {
  where: string;
  params: Record<string, string>;
} {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (filter.stage !== undefined) {
    conditions.push("stage = @stage");
    params.stage = filter.stage;
  }
  if (filter.source !== undefined) {
    conditions.push("lower(source) = lower(@source)");
    params.source = filter.source;
  }
  if (filter.owner !== undefined) {
    conditions.push("lower(owner) = lower(@owner)");
    params.owner = filter.owner;
  }
  if (filter.createdFrom !== undefined) {
    conditions.push("created_at >= @createdFrom");
    params.createdFrom = filter.createdFrom;
  }
  if (filter.createdTo !== undefined) {
    conditions.push("created_at < @createdTo");
    params.createdTo = filter.createdTo;
  }
  return { where: conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`, params };
}

/** Leads matching `filter`, newest first, at most `limit` (all when undefined). */
export async function listLeads(
  tx: ReadTx,
  filter: LeadFilter,
  limit: number | undefined,
): Promise<StoredLead[]> {
  const { where, params } = filterClause(filter);
  return toStoredLeads(
    await sql(tx).all<LeadRow>(
      `${selectLead} ${where} ORDER BY created_at DESC, id DESC LIMIT @limit`,
      { ...params, limit: limit ?? dialect(tx).noLimit },
    ),
  );
}

export async function countLeads(tx: ReadTx, filter: LeadFilter): Promise<number> {
  const { where, params } = filterClause(filter);
  const row = await sql(tx).get<{ n: number }>(`SELECT count(*) AS n FROM leads ${where}`, params);
  return row?.n ?? 0;
}

/** Leads per page of `iterateLeads`: one query each, a bounded amount of memory. */
const leadsPerPage = 5000;

/** Every lead matching `filter` in id order, a page at a time (exports of any size). */
export async function* iterateLeads(tx: ReadTx, filter: LeadFilter): AsyncGenerator<StoredLead> {
  let afterId = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await leadsAfter(tx, filter, afterId, leadsPerPage);
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < leadsPerPage) return;
    afterId = last.id;
  }
}

/** Attribute names in use among the leads matching `filter`, in order of first appearance. */
export function attributeNames(tx: ReadTx, filter: LeadFilter): Promise<string[]> {
  return engine(tx).attributeNames(filter);
}

/** A rep's open leads (not customer, disqualified or recycled), newest first. */
export async function openLeadsOf(tx: ReadTx, owner: string): Promise<StoredLead[]> {
  return toStoredLeads(
    await sql(tx).all<LeadRow>(
      `${selectLead} WHERE owner = ? AND stage NOT IN ('customer', 'disqualified', 'recycled')
       ORDER BY created_at DESC, id DESC`,
      [owner],
    ),
  );
}

/** Moves a lead to a stage and owner by hand (the caller records the stage event). */
export async function setLeadStageAndOwner(
  tx: WriteTx,
  id: number,
  stage: Stage,
  owner: string | null,
  updatedAt: string,
): Promise<void> {
  await sql(tx).run("UPDATE leads SET stage = ?, owner = ?, updated_at = ? WHERE id = ?", [
    stage,
    owner,
    updatedAt,
    id,
  ]);
}

/** MQLs no rep holds yet, oldest first: what `funnel handoff` hands out. */
export async function unassignedMqls(tx: ReadTx, limit: number | undefined): Promise<StoredLead[]> {
  return toStoredLeads(
    await sql(tx).all<LeadRow>(
      `${selectLead} WHERE stage = 'mql' AND owner IS NULL ORDER BY created_at, id LIMIT ?`,
      [limit ?? dialect(tx).noLimit],
    ),
  );
}

/** Up to `limit` leads matching `filter` with ids above `afterId`, in id order (paging). */
export async function leadsAfter(
  tx: ReadTx,
  filter: LeadFilter,
  afterId: number,
  limit: number,
): Promise<StoredLead[]> {
  const { where, params } = filterClause(filter);
  const condition = where === "" ? "WHERE id > @afterId" : `${where} AND id > @afterId`;
  return toStoredLeads(
    await sql(tx).all<LeadRow>(`${selectLead} ${condition} ORDER BY id LIMIT @limit`, {
      ...params,
      afterId,
      limit,
    }),
  );
}

export async function setLeadScore(
  tx: WriteTx,
  id: number,
  score: number,
  updatedAt: string,
): Promise<void> {
  await sql(tx).run("UPDATE leads SET score = ?, updated_at = ? WHERE id = ?", [
    score,
    updatedAt,
    id,
  ]);
}

/** Leads waiting for a qualification decision at `stage`: best score first, then oldest. */
export async function leadsAwaitingDecision(
  tx: ReadTx,
  stage: Stage,
  limit: number | undefined,
): Promise<StoredLead[]> {
  return toStoredLeads(
    await sql(tx).all<LeadRow>(
      `${selectLead} WHERE stage = ? ORDER BY score IS NULL, score DESC, created_at, id LIMIT ?`,
      [stage, limit ?? dialect(tx).noLimit],
    ),
  );
}

/** Takes a lead's email away (a revert, before the emails go back to their leads). */
export async function clearLeadEmail(tx: WriteTx, id: number): Promise<void> {
  await sql(tx).run("UPDATE leads SET email = NULL WHERE id = ?", [id]);
}

/** Removes the leads a batch created (their events and revisions must be gone first). */
export async function deleteLeadsOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  return (await sql(tx).run("DELETE FROM leads WHERE batch_id = ?", [batchId])).changes;
}

/** Sets the stage columns of the given leads afresh from their events (after events changed). */
export function recomputeLeadStages(tx: WriteTx, leadIds: readonly number[]): Promise<void> {
  return engineImport(tx).recomputeLeadStages(leadIds);
}

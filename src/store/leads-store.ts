import type { LeadValues } from "../domain/lead-merge.js";
import type { Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";
import { insertInChunks } from "./sql-batches.js";

/** A lead as stored, with its bookkeeping. */
export interface StoredLead extends LeadValues {
  readonly id: number;
  readonly batch_id: number | null;
  readonly updated_at: string;
}

interface LeadRow extends Omit<StoredLead, "attributes"> {
  attributes: string;
}

export const leadInsertColumns = [
  "id",
  "external_id",
  "email",
  "first_name",
  "last_name",
  "name",
  "company",
  "title",
  "phone",
  "country",
  "source",
  "campaign",
  "created_at",
  "owner",
  "stage",
  "score",
  "attributes",
  "batch_id",
  "updated_at",
] as const;

const selectLead = `SELECT id, external_id, email, first_name, last_name, name, company, title, phone,
  country, source, campaign, created_at, owner, stage, score, attributes, batch_id, updated_at FROM leads`;

/** Lookups take this many keys per statement; shorter lists are padded with NULL. */
const lookupWidth = 256;
const lookupPlaceholders = Array(lookupWidth).fill("?").join(",");

function toStoredLead(row: LeadRow): StoredLead {
  return { ...row, attributes: JSON.parse(row.attributes) as Record<string, string> };
}

function lookup(db: Db, column: "email" | "external_id", keys: readonly string[]): StoredLead[] {
  const statement = prepared(db, `${selectLead} WHERE ${column} IN (${lookupPlaceholders})`);
  const found: StoredLead[] = [];
  for (let start = 0; start < keys.length; start += lookupWidth) {
    const chunk: (string | null)[] = keys.slice(start, start + lookupWidth);
    while (chunk.length < lookupWidth) chunk.push(null);
    for (const row of statement.all(chunk) as LeadRow[]) found.push(toStoredLead(row));
  }
  return found;
}

export function findLeadsByEmail(db: Db, emails: readonly string[]): StoredLead[] {
  return lookup(db, "email", emails);
}

export function findLeadsByExternalId(db: Db, externalIds: readonly string[]): StoredLead[] {
  return lookup(db, "external_id", externalIds);
}

/** The next id to give a lead; callers hold the write lock, so nobody else takes it. */
export function nextLeadId(db: Db): number {
  const row = prepared(db, "SELECT coalesce(max(id), 0) + 1 AS next FROM leads").get() as {
    next: number;
  };
  return row.next;
}

/** Inserts rows laid out as `leadInsertColumns`, many per statement. */
export function insertLeadRows(db: Db, values: readonly unknown[]): void {
  insertInChunks(db, "leads", leadInsertColumns, values, 500);
}

export function updateLead(db: Db, id: number, lead: LeadValues, updatedAt: string): void {
  prepared(
    db,
    `UPDATE leads SET external_id = ?, email = ?, first_name = ?, last_name = ?, name = ?, company = ?,
       title = ?, phone = ?, country = ?, source = ?, campaign = ?, created_at = ?, owner = ?, stage = ?,
       score = ?, attributes = ?, updated_at = ? WHERE id = ?`,
  ).run(
    lead.external_id,
    lead.email,
    lead.first_name,
    lead.last_name,
    lead.name,
    lead.company,
    lead.title,
    lead.phone,
    lead.country,
    lead.source,
    lead.campaign,
    lead.created_at,
    lead.owner,
    lead.stage,
    lead.score,
    JSON.stringify(lead.attributes),
    updatedAt,
    id,
  );
}

/** Finds a lead by id (digits), email, or external id, in that order. */
export function findLead(db: Db, reference: string): StoredLead | undefined {
  const trimmed = reference.trim();
  if (/^\d+$/.test(trimmed)) {
    const row = prepared(db, `${selectLead} WHERE id = ?`).get(Number(trimmed)) as
      | LeadRow
      | undefined;
    if (row !== undefined) return toStoredLead(row);
  }
  const byEmail = prepared(db, `${selectLead} WHERE email = ?`).get(trimmed.toLowerCase()) as
    | LeadRow
    | undefined;
  if (byEmail !== undefined) return toStoredLead(byEmail);
  const byExternal = prepared(db, `${selectLead} WHERE external_id = ?`).get(trimmed) as
    | LeadRow
    | undefined;
  return byExternal === undefined ? undefined : toStoredLead(byExternal);
}

export interface LeadFilter {
  readonly stage?: Stage | undefined;
  readonly source?: string | undefined;
  readonly owner?: string | undefined;
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

function filterClause(filter: LeadFilter): { where: string; params: Record<string, string> } {
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
export function listLeads(db: Db, filter: LeadFilter, limit: number | undefined): StoredLead[] {
  const { where, params } = filterClause(filter);
  const statement = prepared(
    db,
    `${selectLead} ${where} ORDER BY created_at DESC, id DESC LIMIT @limit`,
  );
  return (statement.all({ ...params, limit: limit ?? -1 }) as LeadRow[]).map(toStoredLead);
}

export function countLeads(db: Db, filter: LeadFilter): number {
  const { where, params } = filterClause(filter);
  return (prepared(db, `SELECT count(*) AS n FROM leads ${where}`).get(params) as { n: number }).n;
}

/** Every lead matching `filter` in id order, one at a time (exports of any size). */
export function* iterateLeads(db: Db, filter: LeadFilter): Generator<StoredLead> {
  const { where, params } = filterClause(filter);
  for (const row of prepared(db, `${selectLead} ${where} ORDER BY id`).iterate(params)) {
    yield toStoredLead(row as LeadRow);
  }
}

/** Attribute names in use among the leads matching `filter`, in order of first appearance. */
export function attributeNames(db: Db, filter: LeadFilter): string[] {
  const { where, params } = filterClause(filter);
  const rows = prepared(
    db,
    `SELECT key FROM (SELECT attr.key AS key, min(leads.id) AS first_id
       FROM leads, json_each(leads.attributes) AS attr ${where} GROUP BY attr.key) ORDER BY first_id, key`,
  ).all(params) as { key: string }[];
  return rows.map((row) => row.key);
}

/** Removes the leads a batch created (their events and revisions must be gone first). */
export function deleteLeadsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM leads WHERE batch_id = ?").run(batchId).changes;
}

export function getLeadById(db: Db, id: number): StoredLead | undefined {
  const row = prepared(db, `${selectLead} WHERE id = ?`).get(id) as LeadRow | undefined;
  return row === undefined ? undefined : toStoredLead(row);
}

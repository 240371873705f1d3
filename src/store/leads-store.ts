// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import { leadRowColumns } from "../csv/lead-row-layout.js";
import { attributesOf } from "../domain/attributes.js";
import { leadFields } from "../domain/lead-fields.js";
import type { LeadValues } from "../domain/lead-merge.js";
import type { Stage } from "../domain/stages.js";
import { type Db, prepared } from "./database.js";
import { columnsOfNewLead, leadStageColumns } from "./lead-stages-store.js";

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

export function findLeadByEmail(db: Db, email: string): StoredLead | undefined {
  const row = prepared(db, `${selectLead} WHERE email = ?`).get(email) as LeadRow | undefined;
  return row === undefined ? undefined : toStoredLead(row);
}

export function findLeadByExternalId(db: Db, externalId: string): StoredLead | undefined {
  const row = prepared(db, `${selectLead} WHERE external_id = ?`).get(externalId) as
    | LeadRow
    | undefined;
  return row === undefined ? undefined : toStoredLead(row);
}

const insertLeadSql = `INSERT INTO leads (${[...leadRowColumns, ...leadStageColumns].join(", ")})
  VALUES (${[...leadRowColumns, ...leadStageColumns].map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`;
const createdAtOffset = leadRowColumns.indexOf("created_at");
const stageOffset = leadRowColumns.indexOf("stage");

/**
 * Inserts the lead at offset `at` of `rows`, laid out as `leadRowColumns` (id null: SQLite
 * assigns it), and returns its
 * id; undefined when its email or external id is taken already: not an error, the caller
 * merges the row into the lead that holds the key.
 *
 * One row per statement on purpose: a multi-row INSERT needs a statement journal, which
 * copies every index page it touches; with emails in random order that made the import
 * twice as slow (measured).
 *
 * The lead goes in with its first-reached times already set from its creation event (its
 * stage at its created date), which the caller records with `insertNewLeadEventRows`.
 */
export function insertLeadIfNew(db: Db, rows: readonly unknown[], at: number): number | undefined {
  // Nineteen arguments, not a slice: no array per row in an import of millions.
  const r = rows;
  const result = prepared(db, insertLeadSql).run(
    r[at],
    r[at + 1],
    r[at + 2],
    r[at + 3],
    r[at + 4],
    r[at + 5],
    r[at + 6],
    r[at + 7],
    r[at + 8],
    r[at + 9],
    r[at + 10],
    r[at + 11],
    r[at + 12],
    r[at + 13],
    r[at + 14],
    r[at + 15],
    r[at + 16],
    r[at + 17],
    r[at + 18],
    ...columnsOfNewLead(r[at + stageOffset] as Stage, r[at + createdAtOffset] as string),
  );
  return result.changes === 0 ? undefined : Number(result.lastInsertRowid);
}

const updateLeadSql = `UPDATE leads SET ${leadFields.map((field) => `${field} = ?`).join(", ")},
  attributes = ?, updated_at = ? WHERE id = ?`;

export function updateLead(db: Db, id: number, lead: LeadValues, updatedAt: string): void {
  const values = leadFields.map((field) => lead[field]);
  prepared(db, updateLeadSql).run(...values, JSON.stringify(lead.attributes), updatedAt, id);
}

/** Finds a lead by id (digits), email, or external id, in that order. */
export function findLead(db: Db, reference: string): StoredLead | undefined {
  const trimmed = reference.trim();
  const byId = /^\d+$/.test(trimmed) ? getLeadById(db, Number(trimmed)) : undefined;
  return byId ?? findLeadByEmail(db, trimmed.toLowerCase()) ?? findLeadByExternalId(db, trimmed);
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

/**
 * Takes a lead's email off it, so that leads whose emails are given back in some order (two
 * that swapped them) never hold the same one at once.
 */
export function clearLeadEmail(db: Db, id: number): void {
  prepared(db, "UPDATE leads SET email = NULL WHERE id = ?").run(id);
}

/** Removes the leads a batch created (their events and revisions must be gone first). */
export function deleteLeadsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM leads WHERE batch_id = ?").run(batchId).changes;
}

export function getLeadById(db: Db, id: number): StoredLead | undefined {
  const row = prepared(db, `${selectLead} WHERE id = ?`).get(id) as LeadRow | undefined;
  return row === undefined ? undefined : toStoredLead(row);
}

/** A rep's open leads (not customer, disqualified or recycled), newest first. */
export function openLeadsOf(db: Db, owner: string): StoredLead[] {
  const rows = prepared(
    db,
    `${selectLead} WHERE owner = ? AND stage NOT IN ('customer', 'disqualified', 'recycled')
     ORDER BY created_at DESC, id DESC`,
  ).all(owner) as LeadRow[];
  return rows.map(toStoredLead);
}

/** Moves a lead to a stage and owner by hand (the caller records the stage event). */
export function setLeadStageAndOwner(
  db: Db,
  id: number,
  stage: Stage,
  owner: string | null,
  updatedAt: string,
): void {
  prepared(db, "UPDATE leads SET stage = ?, owner = ?, updated_at = ? WHERE id = ?").run(
    stage,
    owner,
    updatedAt,
    id,
  );
}

/** MQLs no rep holds yet, oldest first: what `funnel handoff` hands out. */
export function unassignedMqls(db: Db, limit: number | undefined): StoredLead[] {
  const rows = prepared(
    db,
    `${selectLead} WHERE stage = 'mql' AND owner IS NULL ORDER BY created_at, id LIMIT ?`,
  ).all(limit ?? -1) as LeadRow[];
  return rows.map(toStoredLead);
}

/** Up to `limit` leads matching `filter` with ids above `afterId`, in id order (paging). */
export function leadsAfter(
  db: Db,
  filter: LeadFilter,
  afterId: number,
  limit: number,
): StoredLead[] {
  const { where, params } = filterClause(filter);
  const condition = where === "" ? "WHERE id > @afterId" : `${where} AND id > @afterId`;
  const rows = prepared(db, `${selectLead} ${condition} ORDER BY id LIMIT @limit`).all({
    ...params,
    afterId,
    limit,
  }) as LeadRow[];
  return rows.map(toStoredLead);
}

export function setLeadScore(db: Db, id: number, score: number, updatedAt: string): void {
  prepared(db, "UPDATE leads SET score = ?, updated_at = ? WHERE id = ?").run(score, updatedAt, id);
}

/** Leads waiting for a qualification decision at `stage`: best score first, then oldest. */
export function leadsAwaitingDecision(
  db: Db,
  stage: Stage,
  limit: number | undefined,
): StoredLead[] {
  const rows = prepared(
    db,
    `${selectLead} WHERE stage = ? ORDER BY score IS NULL, score DESC, created_at, id LIMIT ?`,
  ).all(stage, limit ?? -1) as LeadRow[];
  return rows.map(toStoredLead);
}

/**
 * For an import that brings at least as many leads as the table holds: drops the reports'
 * covering index `leads_cohort` (in the caller's transaction) and returns how to build it
 * again before the commit. Each new lead and each stage it reaches changes that index at a
 * random place (leads arrive in no created_at order); building it once from the finished
 * table sorts instead: on 1,000,000 leads about 3 s against about 9 s of updates. A smaller
 * import keeps the index, which is then cheaper to update than to rebuild. The index's own
 * SQL (from the migrations) is read back, so the rebuild is exactly what was there.
 */
export function suspendCohortIndexFor(db: Db, incomingLeads: number): () => void {
  if (incomingLeads <= 0) return () => {};
  const sql = prepared(
    db,
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'leads_cohort'",
  )
    .pluck()
    .get() as string | undefined;
  if (sql === undefined) return () => {};
  if (incomingLeads < countLeads(db, {})) return () => {};
  db.exec("DROP INDEX leads_cohort");
  return () => db.exec(sql);
}

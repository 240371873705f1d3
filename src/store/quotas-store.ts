// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import type { QuotaMetric } from "../domain/quota-metrics.js";
import { type Db, prepared } from "./database.js";

export type { QuotaMetric };

/** A quota's own values: what an import may change and a revert puts back. */
export interface QuotaValues {
  readonly rep_id: number | null;
  readonly team: string | null;
  /** The period's name when it was set: `2026-10`, `2026-Q4`, `FY2027`. */
  readonly period: string;
  /** First day, `YYYY-MM-DD`. */
  readonly period_from: string;
  /** The day after the last, `YYYY-MM-DD`. */
  readonly period_to: string;
  readonly metric: QuotaMetric;
  /** Minor units for revenue, a count otherwise. */
  readonly target: number;
}

export interface StoredQuota extends QuotaValues {
  readonly id: number;
  /** The rep's handle, or null for a team quota. */
  readonly rep: string | null;
  readonly batch_id: number | null;
  readonly updated_at: string;
}

const selectQuota = `SELECT q.*, r.handle AS rep FROM quotas q LEFT JOIN reps r ON r.id = q.rep_id`;

/** The quota for this owner, period and metric, if one is set. */
export function findQuota(
  db: Db,
  key: Pick<QuotaValues, "rep_id" | "team" | "period_from" | "period_to" | "metric">,
): StoredQuota | undefined {
  return prepared(
    db,
    `${selectQuota} WHERE coalesce(q.rep_id, 0) = coalesce(@rep_id, 0) AND coalesce(q.team, '') = coalesce(@team, '')
       AND q.period_from = @period_from AND q.period_to = @period_to AND q.metric = @metric`,
  ).get(key) as StoredQuota | undefined;
}

export function insertQuota(
  db: Db,
  quota: QuotaValues,
  meta: { batchId: number | null; at: string },
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO quotas (rep_id, team, period, period_from, period_to, metric, target, batch_id, updated_at)
       VALUES (@rep_id, @team, @period, @period_from, @period_to, @metric, @target, @batchId, @at)`,
    ).run({ ...quota, batchId: meta.batchId, at: meta.at }).lastInsertRowid,
  );
}

export function updateQuotaTarget(db: Db, id: number, target: number, updatedAt: string): void {
  prepared(db, "UPDATE quotas SET target = ?, updated_at = ? WHERE id = ?").run(
    target,
    updatedAt,
    id,
  );
}

export function deleteQuota(db: Db, id: number): void {
  prepared(db, "DELETE FROM quotas WHERE id = ?").run(id);
}

export function deleteQuotasOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM quotas WHERE batch_id = ?").run(batchId).changes;
}

/** Quotas of a metric that overlap the days [from, to) (`YYYY-MM-DD`), or all when no span is given. */
export function listQuotas(
  db: Db,
  filter: { metric?: QuotaMetric | undefined; from?: string; to?: string },
): StoredQuota[] {
  return prepared(
    db,
    `${selectQuota}
     WHERE (@metric IS NULL OR q.metric = @metric)
       AND (@from IS NULL OR (q.period_to > @from AND q.period_from < @to))
     ORDER BY q.period_from, q.period_to DESC, q.team IS NULL, q.team, r.handle, q.metric`,
  ).all({
    metric: filter.metric ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
  }) as StoredQuota[];
}

export function countQuotas(db: Db, metric: QuotaMetric): number {
  return (
    prepared(db, "SELECT count(*) AS n FROM quotas WHERE metric = ?").get(metric) as { n: number }
  ).n;
}

/**
 * Quotas batch `batchId` created or changed that were changed again after `since` (by hand:
 * later imports leave revisions, see laterBatchesRevising).
 */
export function quotasChangedSince(
  db: Db,
  batchId: number,
  since: string,
): { id: number; updated_at: string }[] {
  return prepared(
    db,
    `SELECT id, updated_at FROM quotas
     WHERE updated_at > @since
       AND (batch_id = @batch
            OR id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = 'quota'))
     ORDER BY id LIMIT 5`,
  ).all({ batch: batchId, since }) as { id: number; updated_at: string }[];
}

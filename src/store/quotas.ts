import type { QuotaMetric } from "../domain/quota-metrics.js";
import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

export type { QuotaMetric };

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

const selectQuota = "SELECT q.*, r.handle AS rep FROM quotas q LEFT JOIN reps r ON r.id = q.rep_id";

/** The quota of one owner, period and metric, if set. */
export function findQuota(
  tx: ReadTx,
  key: Pick<QuotaValues, "rep_id" | "team" | "period_from" | "period_to" | "metric">,
): Promise<StoredQuota | undefined> {
  return sql(tx).get<StoredQuota>(
    `${selectQuota} WHERE coalesce(q.rep_id, 0) = coalesce(@rep_id, 0) AND coalesce(q.team, '') = coalesce(@team, '')
       AND q.period_from = @period_from AND q.period_to = @period_to AND q.metric = @metric`,
    {
      rep_id: key.rep_id,
      team: key.team,
      period_from: key.period_from,
      period_to: key.period_to,
      metric: key.metric,
    },
  );
}

export async function insertQuota(
  tx: WriteTx,
  quota: QuotaValues,
  meta: { batchId: number | null; at: string },
): Promise<number> {
  const row = await sql(tx).get<{ id: number }>(
    `INSERT INTO quotas (rep_id, team, period, period_from, period_to, metric, target, batch_id, updated_at)
     VALUES (@rep_id, @team, @period, @period_from, @period_to, @metric, @target, @batchId, @at)
     RETURNING id`,
    { ...quota, batchId: meta.batchId, at: meta.at },
  );
  return (row as { id: number }).id;
}

export async function updateQuotaTarget(
  tx: WriteTx,
  id: number,
  target: number,
  updatedAt: string,
): Promise<void> {
  await sql(tx).run("UPDATE quotas SET target = ?, updated_at = ? WHERE id = ?", [
    target,
    updatedAt,
    id,
  ]);
}

export async function deleteQuota(tx: WriteTx, id: number): Promise<void> {
  await sql(tx).run("DELETE FROM quotas WHERE id = ?", [id]);
}

/** Quotas of `metric` (any without it) whose period overlaps [from, to) (any without it). */
export function listQuotas(
  tx: ReadTx,
  filter: { metric?: QuotaMetric | undefined; from?: string; to?: string },
): Promise<StoredQuota[]> {
  return sql(tx).all<StoredQuota>(
    `${selectQuota}
     WHERE (CAST(@metric AS TEXT) IS NULL OR q.metric = @metric)
       AND (CAST(@from AS TEXT) IS NULL OR (q.period_to > @from AND q.period_from < @to))
     ORDER BY q.period_from, q.period_to DESC, q.team IS NULL, q.team, r.handle, q.metric`,
    { metric: filter.metric ?? null, from: filter.from ?? null, to: filter.to ?? null },
  );
}

export async function countQuotas(tx: ReadTx, metric: QuotaMetric): Promise<number> {
  const row = await sql(tx).get<{ n: number }>(
    "SELECT count(*) AS n FROM quotas WHERE metric = ?",
    [metric],
  );
  return row?.n ?? 0;
}

export async function deleteQuotasOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  return (await sql(tx).run("DELETE FROM quotas WHERE batch_id = ?", [batchId])).changes;
}

/** Quotas batch `batchId` created or changed that were set again after `since`. */
export function quotasChangedSince(
  tx: ReadTx,
  batchId: number,
  since: string,
): Promise<{ id: number; updated_at: string }[]> {
  return sql(tx).all(
    `SELECT id, updated_at FROM quotas
     WHERE updated_at > @since
       AND (batch_id = @batch
            OR id IN (SELECT entity_id FROM revisions WHERE batch_id = @batch AND entity = 'quota'))
     ORDER BY id LIMIT 5`,
    { batch: batchId, since },
  );
}

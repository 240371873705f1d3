import { quotaValues, setQuota } from "../app/quotas.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { findQuota } from "../store/quotas-store.js";
import { saveEntityRevision } from "../store/revisions-store.js";
import { fiscalCalendar } from "../store/settings-store.js";
import { type BatchContext, importBatch, type RowTally, type RowWriter } from "./import-batch.js";
import type { ImportCounts } from "./import-counts.js";
import type { QuotaRow } from "./quota-format.js";

export interface ImportQuotasOptions {
  readonly file: string;
  readonly map?: readonly string[] | undefined;
  /** `--metric`: for rows that have none (revenue when not given). */
  readonly metric?: QuotaMetric | undefined;
  readonly dateFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly now?: () => Date;
  readonly signal?: AbortSignal | undefined;
}

export interface ImportQuotasSummary extends ImportCounts {
  readonly kind: "quotas";
}

/**
 * Imports quotas (owner = rep handle or team:NAME, period, metric, target) as one batch (see
 * importBatch); each row is checked as `funnel quota set` checks it. A quota set already gets
 * the new target, and what it had is kept so that a revert can put it back.
 */
export async function importQuotas(
  db: Db,
  options: ImportQuotasOptions,
): Promise<ImportQuotasSummary> {
  const now = options.now ?? (() => new Date());
  const summary = await importBatch(db, {
    kind: "quotas",
    file: options.file,
    map: options.map,
    dateFormat: options.dateFormat,
    delimiter: options.delimiter,
    options: { metric: options.metric },
    rejects: options.rejects,
    dryRun: options.dryRun === true,
    now,
    signal: options.signal,
    settings: () => ({ kind: "quotas", metric: options.metric }),
    writer: (context) => new QuotaRowWriter(db, context, now()),
  });
  return { ...summary, kind: "quotas" };
}

class QuotaRowWriter implements RowWriter {
  constructor(
    private readonly db: Db,
    private readonly context: BatchContext,
    private readonly now: Date,
  ) {}

  write(values: unknown, lines: readonly number[], tally: RowTally): void {
    (values as QuotaRow[]).forEach((row, index) => {
      const line = lines[index] ?? 0;
      let quota: ReturnType<typeof quotaValues>;
      try {
        quota = quotaValues(this.db, row, this.now, fiscalCalendar(this.db));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        tally.reject(line, row.cells, error.message);
        return;
      }
      const existing = findQuota(this.db, quota);
      if (existing?.target === quota.target) {
        tally.count("unchanged");
        return;
      }
      // The first snapshot per batch is what a revert restores; quotas of this batch are removed.
      if (existing !== undefined && existing.batch_id !== this.context.batchId)
        saveEntityRevision(this.db, this.context.batchId, "quota", existing.id, {
          target: existing.target,
          updated_at: existing.updated_at,
        });
      setQuota(this.db, quota, { batchId: this.context.batchId, at: this.context.importedAt });
      tally.count(existing === undefined ? "inserted" : "updated");
    });
  }
}

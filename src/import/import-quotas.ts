import { saveQuota, validQuota } from "../app/quotas.js";
import type { FiscalCalendar } from "../domain/periods.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import { UserError } from "../errors.js";
import { findQuota } from "../store/quotas.js";
import { saveEntityRevision } from "../store/revisions.js";
import { fiscalCalendar } from "../store/settings.js";
import type { Store } from "../store/store.js";
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
  store: Store,
  options: ImportQuotasOptions,
): Promise<ImportQuotasSummary> {
  const now = options.now ?? (() => new Date());
  const summary = await importBatch(store, {
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
    settings: async () => ({ kind: "quotas", metric: options.metric }),
    writer: async (context) => new QuotaRowWriter(context, now(), await fiscalCalendar(context.tx)),
  });
  return { ...summary, kind: "quotas" };
}

class QuotaRowWriter implements RowWriter {
  constructor(
    private readonly context: BatchContext,
    private readonly now: Date,
    private readonly fiscal: FiscalCalendar,
  ) {}

  async write(values: unknown, lines: readonly number[], tally: RowTally): Promise<void> {
    const { tx, batchId, importedAt } = this.context;
    for (const [index, row] of (values as QuotaRow[]).entries()) {
      const line = lines[index] ?? 0;
      let quota: Awaited<ReturnType<typeof validQuota>>;
      try {
        quota = await validQuota(tx, row, this.now, this.fiscal);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        tally.reject(line, row.cells, error.message);
        continue;
      }
      const existing = await findQuota(tx, quota);
      if (existing?.target === quota.target) {
        tally.count("unchanged");
        continue;
      }
      // The first snapshot per batch is what a revert restores; quotas of this batch are removed.
      if (existing !== undefined && existing.batch_id !== batchId)
        await saveEntityRevision(tx, batchId, "quota", existing.id, {
          target: existing.target,
          updated_at: existing.updated_at,
        });
      await saveQuota(tx, quota, { batchId, at: importedAt });
      tally.count(existing === undefined ? "inserted" : "updated");
    }
  }
}

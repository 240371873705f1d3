import { quotaValues, setQuota } from "../app/quotas.js";
import { columnList } from "../csv/parse-options.js";
import { type ColumnMapping, mapColumns, parseColumnMapOption } from "../domain/column-mapping.js";
import { type QuotaMetric, quotaMetrics } from "../domain/quota-metrics.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { findQuota } from "../store/quotas-store.js";
import { saveEntityRevision } from "../store/revisions-store.js";
import { fiscalCalendar } from "../store/settings-store.js";
import {
  type BatchContext,
  type CsvBatchSummary,
  importCsvBatch,
  type RowHandler,
  type RowOutcome,
} from "./csv-batch.js";

/** Quota fields (GUIDE §2), and `team` for a column of team names. */
export const quotaColumns = ["owner", "team", "period", "metric", "target"] as const;
export type QuotaColumn = (typeof quotaColumns)[number];

const quotaHeaderSynonyms: Record<QuotaColumn, readonly string[]> = {
  owner: ["owner", "rep", "handle", "salesrep", "rephandle", "quotaowner"],
  team: ["team", "teamname"],
  period: ["period", "month", "quarter", "year", "quotaperiod"],
  metric: ["metric", "type", "quotatype", "measure"],
  target: ["target", "quota", "amount", "value", "goal"],
};

const metricSynonyms = new Map<string, QuotaMetric>(
  Object.entries({
    revenue: "revenue",
    revenuewon: "revenue",
    bookings: "revenue",
    amount: "revenue",
    deals: "deals",
    dealswon: "deals",
    wins: "deals",
    mqls: "mqls",
    mql: "mqls",
    mqlsdelivered: "mqls",
    sals: "sals",
    sal: "sals",
    salsaccepted: "sals",
  }) as [string, QuotaMetric][],
);

export interface ImportQuotasOptions {
  readonly file: string;
  readonly map?: readonly string[] | undefined;
  /** `--metric`: for rows that have none (revenue when not given). */
  readonly metric?: QuotaMetric | undefined;
  readonly delimiter?: string | undefined;
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly now?: () => Date;
  readonly signal?: AbortSignal | undefined;
}

export interface ImportQuotasSummary extends CsvBatchSummary {
  readonly warnings: readonly string[];
}

/**
 * Imports quotas (owner = rep handle or team:NAME, period, metric, target) as one batch; each
 * row is checked as `funnel quota set` checks it. A quota set already gets the new target,
 * and what it had is kept so that a revert can put it back.
 */
export async function importQuotas(
  db: Db,
  options: ImportQuotasOptions,
): Promise<ImportQuotasSummary> {
  const now = options.now ?? (() => new Date());
  let writer: QuotaRowWriter | undefined;
  const summary = await importCsvBatch(
    db,
    {
      kind: "quotas",
      file: options.file,
      delimiter: options.delimiter,
      options: { map: options.map ?? [], metric: options.metric },
      rejects: options.rejects,
      dryRun: options.dryRun === true,
      now,
      signal: options.signal,
    },
    (context) => {
      writer = new QuotaRowWriter(db, context, options, now());
      return writer;
    },
  );
  return { ...summary, warnings: writer?.warnings ?? [] };
}

class QuotaRowWriter implements RowHandler {
  private mapping: ColumnMapping<QuotaColumn> | undefined;
  private headerCount = 0;
  warnings: string[] = [];

  constructor(
    private readonly db: Db,
    private readonly context: BatchContext,
    private readonly options: ImportQuotasOptions,
    private readonly now: Date,
  ) {}

  header(headers: readonly string[]): void {
    const mapping = mapColumns(
      headers,
      quotaHeaderSynonyms,
      parseColumnMapOption(this.options.map ?? [], quotaColumns),
    );
    const has = (column: QuotaColumn) => mapping.fieldIndex[column] !== undefined;
    const missing = [
      !has("owner") && !has("team") && "owner",
      !has("period") && "period",
      !has("target") && "target",
    ].filter((field): field is string => field !== false);
    if (missing.length > 0)
      throw new UserError(
        `${this.options.file}: no column holds the quota's ${missing.join(", ")}`,
        `name it with --map "Header=${missing[0]}" (columns: ${columnList(headers)})`,
      );
    // Quotas have no attributes to keep other columns in: say they are not imported.
    const ignored = mapping.columns.filter((column) => column.field === undefined);
    this.warnings = [
      ...mapping.warnings,
      ...ignored.map((column) => `column "${column.header}" is not a quota field; it is ignored`),
    ];
    this.mapping = mapping;
    this.headerCount = headers.length;
  }

  row(cells: readonly string[]): RowOutcome {
    const mapping = this.mapping;
    if (mapping === undefined) throw new Error("a row came before the header");
    if (cells.length < this.headerCount || cells.slice(this.headerCount).some((c) => c.trim()))
      return { reject: `has ${cells.length} fields, the header has ${this.headerCount}` };
    const cell = (column: QuotaColumn): string | undefined => {
      const index = mapping.fieldIndex[column];
      const value = index === undefined ? "" : (cells[index] ?? "").trim();
      return value === "" ? undefined : value;
    };
    const team = cell("team");
    const owner = cell("owner") ?? (team === undefined ? undefined : `team:${team}`);
    if (owner === undefined) return { reject: "no owner (a rep handle or team:NAME)" };
    const period = cell("period");
    if (period === undefined) return { reject: "no period (e.g. 2026-10, 2026-Q4)" };
    const target = cell("target");
    if (target === undefined) return { reject: "no target" };
    const metricText = cell("metric");
    const metric =
      metricText === undefined
        ? (this.options.metric ?? "revenue")
        : metricSynonyms.get(metricText.toLowerCase().replace(/[^a-z]/g, ""));
    if (metric === undefined)
      return { reject: `unknown metric "${metricText}" (known: ${quotaMetrics.join(", ")})` };
    let values: ReturnType<typeof quotaValues>;
    try {
      values = quotaValues(
        this.db,
        { owner, period, target, metric },
        this.now,
        fiscalCalendar(this.db),
      );
    } catch (error) {
      if (error instanceof UserError) return { reject: error.message };
      throw error;
    }
    const existing = findQuota(this.db, values);
    const outcome =
      existing === undefined
        ? "inserted"
        : existing.target === values.target
          ? "unchanged"
          : "updated";
    if (!this.context.apply || outcome === "unchanged") return "unchanged";
    // The first snapshot per batch is what a revert restores; quotas of this batch are removed.
    if (existing !== undefined && existing.batch_id !== this.context.batchId)
      saveEntityRevision(this.db, this.context.batchId, "quota", existing.id, {
        target: existing.target,
        updated_at: existing.updated_at,
      });
    setQuota(this.db, values, { batchId: this.context.batchId, at: this.context.importedAt });
    return outcome;
  }
}

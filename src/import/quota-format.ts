import { withoutExportEscapes } from "../csv/formula-cells.js";
import { columnList } from "../csv/parse-options.js";
import { type ColumnMapping, mapColumns, parseColumnMapOption } from "../domain/column-mapping.js";
import { type QuotaMetric, quotaMetrics } from "../domain/quota-metrics.js";
import type { RowFormat } from "./row-format.js";

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

export interface QuotaSettings {
  readonly kind: "quotas";
  /** `--metric`: for rows that have none (revenue when not given). */
  readonly metric?: QuotaMetric | undefined;
}

/** A quota row as read; the owner, period and target are checked against the database. */
export interface QuotaRow {
  readonly owner: string;
  readonly period: string;
  readonly target: string;
  readonly metric: QuotaMetric;
  readonly cells: readonly string[];
}

export function quotaFormat(settings: QuotaSettings): RowFormat<QuotaColumn, QuotaRow, QuotaRow[]> {
  return {
    map: (headers, map) =>
      mapColumns(
        headers,
        quotaHeaderSynonyms,
        parseColumnMapOption(map, quotaColumns),
        undefined,
        "ignored",
      ),
    missing(mapping, headers) {
      const has = (column: QuotaColumn) => mapping.fieldIndex[column] !== undefined;
      const missing = [
        !has("owner") && !has("team") && "owner",
        !has("period") && "period",
        !has("target") && "target",
      ].filter((field): field is string => field !== false);
      if (missing.length === 0) return undefined;
      return {
        message: `no column holds the quota's ${missing.join(", ")}`,
        hint: `name it with --map "Header=${missing[0]}" (columns: ${columnList(headers)})`,
      };
    },
    // A quota whose metric cannot be read is no revenue quota: those rows are rejected.
    needed: ["owner", "team", "period", "metric", "target"],
    read: (cells, mapping) => readQuotaRow(cells, mapping, settings),
    batch: () => [],
    add: (batch, row) => batch.push(row),
  };
}

function readQuotaRow(
  raw: readonly string[],
  mapping: ColumnMapping<QuotaColumn>,
  settings: QuotaSettings,
): { ok: true; value: QuotaRow } | { ok: false; reason: string; field?: QuotaColumn } {
  const width = mapping.columns.length;
  if (raw.length < width || raw.slice(width).some((cell) => cell.trim() !== ""))
    return { ok: false, reason: `has ${raw.length} fields, the header has ${width}` };
  const cells = withoutExportEscapes(raw);
  const cell = (column: QuotaColumn): string | undefined => {
    const index = mapping.fieldIndex[column];
    const value = index === undefined ? "" : (cells[index] ?? "").trim();
    return value === "" ? undefined : value;
  };
  const team = cell("team");
  const owner = cell("owner") ?? (team === undefined ? undefined : `team:${team}`);
  if (owner === undefined) return { ok: false, reason: "no owner (a rep handle or team:NAME)" };
  const period = cell("period");
  if (period === undefined) return { ok: false, reason: "no period (e.g. 2026-10, 2026-Q4)" };
  const target = cell("target");
  if (target === undefined) return { ok: false, reason: "no target" };
  const metricText = cell("metric");
  const metric =
    metricText === undefined
      ? (settings.metric ?? "revenue")
      : metricSynonyms.get(metricText.toLowerCase().replace(/[^a-z]/g, ""));
  if (metric === undefined)
    return {
      ok: false,
      reason: `unknown metric "${metricText}" (known: ${quotaMetrics.join(", ")})`,
      field: "metric",
    };
  return { ok: true, value: { owner, period, target, metric, cells: raw } };
}

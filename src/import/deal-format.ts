import { withoutExportEscapes } from "../csv/formula-cells.js";
import { columnList } from "../csv/parse-options.js";
import { type DealColumn, mapDealColumns } from "../domain/deal-header-mapping.js";
import { type IncomingDeal, readDealRow } from "../domain/deal-record.js";
import type { Pipeline } from "../domain/pipeline.js";
import type { RowFormat } from "./row-format.js";

export interface DealSettings {
  readonly kind: "deals";
  readonly pipeline: Pipeline;
  /** The database's currency: amounts are parsed into its minor units. */
  readonly currency: string;
  readonly dateFormat?: string | undefined;
  /** `--stage` and `--owner`: for rows that have none. */
  readonly defaultStage?: string | undefined;
  readonly defaultOwner?: string | undefined;
}

/** A deal as read, with its row as the file wrote it (for the rejects file). */
export interface DealRow {
  readonly deal: IncomingDeal;
  readonly cells: readonly string[];
}

export function dealFormat(settings: DealSettings): RowFormat<DealColumn, DealRow, DealRow[]> {
  return {
    map: (headers, map) => mapDealColumns(headers, map),
    missing(mapping, headers) {
      const missing = [
        mapping.fieldIndex.stage === undefined && settings.defaultStage === undefined && "stage",
        mapping.fieldIndex.owner === undefined && settings.defaultOwner === undefined && "owner",
      ].filter((field): field is string => field !== false);
      if (missing.length === 0) return undefined;
      return {
        message: `no column holds the deal's ${missing.join(" or ")}`,
        hint: `name it with --map "Header=${missing[0]}", or pass ${missing.map((field) => `--${field}`).join(" and ")} (columns: ${columnList(headers)})`,
      };
    },
    // An amount in a currency that cannot be read cannot be told from the database's own.
    needed: ["currency"],
    dateField: "opened_at",
    read(cells, mapping) {
      const read = readDealRow(withoutExportEscapes(cells), {
        mapping,
        headerCount: mapping.columns.length,
        pipeline: settings.pipeline,
        currency: settings.currency,
        dateFormat: settings.dateFormat,
        defaultStage: settings.defaultStage,
        defaultOwner: settings.defaultOwner,
      });
      return read.ok ? { ok: true, value: { deal: read.deal, cells } } : read;
    },
    batch: () => [],
    add: (batch, row) => batch.push(row),
  };
}

import { unescapeImportedCell } from "../csv/formula-cells.js";
import { pushLeadRow, type RowValue } from "../csv/lead-row-layout.js";
import { columnList } from "../csv/parse-options.js";
import { isValidEmail, normaliseEmail } from "../domain/email.js";
import { type HeaderMapping, mapHeaders, parseMapOption } from "../domain/header-mapping.js";
import type { LeadField } from "../domain/lead-fields.js";
import { buildIncomingLead, type IncomingLead } from "../domain/lead-record.js";
import { RepIndex, type RepNames } from "../domain/reps.js";
import type { Stage } from "../domain/stages.js";
import type { RowFormat } from "./row-format.js";

export interface LeadSettings {
  readonly kind: "leads";
  readonly dateFormat?: string | undefined;
  readonly defaultSource?: string | undefined;
  readonly defaultStage?: Stage | undefined;
  /** The database's reps, which owner cells are resolved against (few: they travel to the worker). */
  readonly reps: readonly RepNames[];
  readonly batchId: number;
  readonly importedAt: string;
}

/** Leads as they travel to the writer: flat rows in the INSERT's column order (lead-row-layout). */
export interface LeadBatch {
  rows: RowValue[];
  extras: RowValue[];
}

export function leadFormat(settings: LeadSettings): RowFormat<LeadField, IncomingLead, LeadBatch> {
  const reps = new RepIndex(settings.reps);
  return {
    map: (headers, map) => mapHeaders(headers, parseMapOption(map)),
    missing: (mapping, headers) =>
      mapping.fieldIndex.email === undefined && mapping.fieldIndex.external_id === undefined
        ? {
            message: "no column holds an email or an external id, so no lead can be identified",
            hint: `name the column with --map, e.g. --map "${headers.find((header) => header.trim() !== "") ?? "Header"}=email" (columns: ${columnList(headers)})`,
          }
        : undefined,
    needed: ["email", "external_id"],
    dateField: "created_at",
    read(cells, mapping) {
      const result = buildIncomingLead(withoutFormulaEscapes(cells, mapping), {
        mapping,
        headerCount: mapping.columns.length,
        dateFormat: settings.dateFormat,
        defaultSource: settings.defaultSource,
        defaultStage: settings.defaultStage,
        reps,
      });
      return result.ok ? { ok: true, value: result.lead } : result;
    },
    batch: () => ({ rows: [], extras: [] }),
    add: (batch, lead) => pushLeadRow(batch.rows, batch.extras, lead, settings),
  };
}

/**
 * The cells with funnel's (and spreadsheets') formula-escaping apostrophe removed. An export
 * only escapes stored values, and a stored email is a valid one: where removing the apostrophe
 * would leave an invalid email (`'@x.example` is the address `'@x.example`), it is the data's.
 */
function withoutFormulaEscapes(
  cells: readonly string[],
  mapping: HeaderMapping,
): readonly string[] {
  for (const cell of cells) {
    if (cell.trimStart().charCodeAt(0) !== 39) continue;
    const unescaped = cells.map(unescapeImportedCell);
    const emailIndex = mapping.fieldIndex.email;
    const email = emailIndex === undefined ? undefined : cells[emailIndex];
    if (email !== undefined && !isValidEmail(normaliseEmail(unescaped[emailIndex as number] ?? "")))
      unescaped[emailIndex as number] = email;
    return unescaped;
  }
  return cells;
}

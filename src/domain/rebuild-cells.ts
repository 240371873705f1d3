import type { HeaderMapping } from "./header-mapping.js";
import type { IncomingLead } from "./lead-record.js";

/**
 * The cells of a row, in the file's column order, rebuilt from the lead read from it (for a
 * row rejected only once the database was consulted). Values are as normalised on reading:
 * lower-cased email, dates in ISO 8601.
 */
export function rebuildCells(mapping: HeaderMapping, lead: IncomingLead): string[] {
  return mapping.columns.map((column) => {
    if (column.field === undefined) return lead.attributes[column.attribute] ?? "";
    if (column.field === "stage") return lead.stage_label ?? lead.stage ?? "";
    const value = lead[column.field];
    return value === null ? "" : String(value);
  });
}

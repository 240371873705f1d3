import type { IncomingLead } from "./lead-record.js";

/**
 * The cells of a row, in the file's column order, rebuilt from the lead read from it (for a
 * row rejected only once the database was consulted). Values are as normalised on reading:
 * lower-cased email, dates in ISO 8601; a column the import ignored comes back blank.
 */
export function rebuildCells(
  columns: readonly { field: string | null; attribute: string }[],
  lead: IncomingLead,
): string[] {
  return columns.map((column) => {
    // A value that did not fit its field was kept under the column's attribute name.
    const kept = lead.attributes[column.attribute];
    if (column.field === null || kept !== undefined) return kept ?? "";
    if (column.field === "stage") return lead.stage_label ?? lead.stage ?? "";
    const value = lead[column.field as keyof IncomingLead];
    return value === null || typeof value === "object" ? "" : String(value);
  });
}

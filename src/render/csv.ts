/** One CSV record with RFC 4180 quoting, ending in a newline. */
export function toCsvLine(values: readonly (string | number | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    const value = values[i];
    if (value === null || value === undefined) continue;
    const text = String(value);
    line += /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  return `${line}\n`;
}

// The formula rule lives with the CSV reader, which undoes it on import.
export { escapeFormula } from "../csv/formula-cells.js";

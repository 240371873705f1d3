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

/**
 * Neutralises spreadsheet formula injection: a cell that starts with = + - @ (or a tab or
 * carriage return) gets a leading apostrophe, so a spreadsheet shows it as text.
 */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ tab
 * or carriage return may be run as a formula when the CSV is opened in a spreadsheet. Exports
 * prefix such a cell with an apostrophe, which spreadsheets take as "this is text".
 *
 * The rule, so that legitimate values survive:
 * - = @ tab CR at the start: always escaped.
 * - + or - at the start: escaped unless the rest is only digits, spaces, dots, dashes and
 *   parentheses (a phone number `+1 555 0100`, a negative amount `-12.50`): such a cell can
 *   name no function and no cell, so it cannot do anything when evaluated.
 * - A cell that already starts with apostrophes followed by one of the above gets one more,
 *   so that `unescapeFormula` can tell an escape from a value: the pair round-trips every text.
 */
const formulaStart = /^'*(?:[=@\t\r]|[+-](?![\d\s().-]*$))/;

/** Whether a cell would be read as a formula (or as an escaped one) by a spreadsheet. */
export function needsFormulaEscape(text: string): boolean {
  return formulaStart.test(text);
}

/** The cell as an export writes it: with a leading apostrophe when it could be a formula. */
export function escapeFormula(text: string): string {
  return needsFormulaEscape(text) ? `'${text}` : text;
}

/**
 * The cell as the import reads it: drops the one apostrophe `escapeFormula` added, so that
 * exporting and importing again leaves every value as it was. Anything else is unchanged.
 */
export function unescapeFormula(text: string): string {
  return text.charCodeAt(0) === 39 && needsFormulaEscape(text.slice(1)) ? text.slice(1) : text;
}

/**
 * An imported cell, trimmed, without the apostrophe an export added. Values are stored
 * trimmed, so the rule looks at the trimmed cell (padding around an escaped cell does not
 * change what is stored), and an export never escaped a value that starts with white space:
 * in `'` + tab or `'` + line break the apostrophe is the data's own and stays.
 */
export function unescapeImportedCell(cell: string): string {
  const text = cell.trim();
  const rest = text.slice(1);
  return text.charCodeAt(0) === 39 && rest.trimStart() === rest ? unescapeFormula(text) : text;
}

/**
 * A record's cells without the apostrophes an export added (reps, deals, quotas and header
 * names: values whose apostrophe is their own cannot be told apart there, so the rule of
 * `unescapeImportedCell` is the whole rule). The same array when no cell starts with one.
 */
export function withoutExportEscapes(cells: readonly string[]): readonly string[] {
  if (!cells.some((cell) => cell.trimStart().startsWith("'"))) return cells;
  return cells.map((cell) =>
    cell.trimStart().startsWith("'") ? unescapeImportedCell(cell) : cell,
  );
}

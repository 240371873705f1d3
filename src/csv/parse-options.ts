import type { Options } from "csv-parse";

/**
 * The longest record the importers accept, in characters. A 10 MB notes field still fits;
 * a quote that is never closed in a large file stops here with a clear error instead of
 * buffering the rest of the file into one field (which is what memory would pay for).
 */
export const maxRecordChars = 16 * 1024 * 1024;

/** The csv-parse options every importer shares: lenient about columns, strict about size. */
export function csvParseOptions(delimiter: string): Options {
  return {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: maxRecordChars,
  };
}

/** The message for csv-parse's record-size error, naming the likely cause. */
export function recordTooLarge(path: string, line: number): { message: string; hint: string } {
  return {
    message: `${path}: the record starting near line ${line} is longer than ${maxRecordChars / (1024 * 1024)} MB`,
    hint: "a quote is probably never closed (a field's quotes must be doubled inside it); nothing was imported",
  };
}

/** A header's column names for a message: the first few, then how many more. */
export function columnList(headers: readonly string[], shown = 20): string {
  const names = headers.slice(0, shown).join(", ");
  return headers.length > shown ? `${names}, ... and ${headers.length - shown} more` : names;
}

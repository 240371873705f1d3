import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type Options, parse } from "csv-parse";
import { type ByteProblem, CsvByteCheck, describeByteProblem } from "../csv/byte-check.js";
import { withoutExportEscapes } from "../csv/formula-cells.js";
import { csvParseOptions, recordTooLarge } from "../csv/parse-options.js";
import { type ColumnMapping, isGuessed, withoutField } from "../domain/column-mapping.js";
import { parseDateStrict } from "../domain/dates.js";
import { MappingError } from "../domain/header-mapping.js";
import { dataColumns } from "./rejects-file.js";
import { type AnyRowFormat, type FormatSettings, type RowRead, rowFormat } from "./row-format.js";

/** What the reader needs; plain data, so it can be posted to a worker thread. */
export interface RowReaderOptions {
  readonly path: string;
  readonly delimiter: string;
  readonly map: readonly string[];
  readonly dateFormat?: string | undefined;
  readonly settings: FormatSettings;
  /** Rows per batch message. */
  readonly batchSize: number;
}

export interface RejectedRow {
  readonly line: number;
  readonly cells: readonly string[];
  readonly reason: string;
}

/**
 * A column as the import used it: the field it filled, or kept as an attribute (`looksLike` the
 * field it was not taken for), or ignored; `how` says whether `--map` or its header decided.
 */
export interface ColumnUse {
  readonly header: string;
  readonly field: string | null;
  /** The attribute it is kept under, when it fills no field (or a row's value did not fit). */
  readonly attribute: string;
  readonly how: "map" | "guess";
  readonly ignored: boolean;
  readonly looksLike: string | null;
  /**
   * For a guessed column kept as an attribute because most of its values do not fit the field
   * it looks like: how many of the rows read to decide did and did not, and the first that did not.
   */
  readonly unfit: { rows: number; fit: number; reason: string; line: number } | null;
}

/**
 * Values of a guessed column that did not fit its field, row by row (the column was taken as
 * that field, most of its values fit): each was kept as an attribute of its row instead.
 */
export interface UnfitValues {
  readonly header: string;
  readonly field: string;
  readonly count: number;
  readonly reason: string;
  readonly line: number;
}

export type ReaderMessage =
  | {
      type: "header";
      headers: string[];
      columns: ColumnUse[];
      warnings: string[];
      /** Attribute columns whose values are all dates, when no column fills the date field. */
      dateColumns: string[];
    }
  | {
      type: "batch";
      values: unknown;
      lines: number[];
      rejects: RejectedRow[];
      bytesRead: number;
    }
  | { type: "end"; sha256: string; bytesRead: number; unfit: UnfitValues[] }
  | { type: "error"; message: string; hint?: string | undefined };

/**
 * The rows that decide which guessed columns are taken as their fields: the whole file for all
 * but large ones. Measured on a 1,000,000-row leads file: reading the whole file first costs a
 * second parse (some 7 s); buffering this many rows costs nothing measurable.
 */
export const decidingRows = 10_000;

/**
 * Streams a CSV file: hashes the bytes, parses records, maps the header, reads each row with
 * its kind's format. A guessed column most of whose values (in the first `decidingRows` rows)
 * do not fit its field is kept as an attribute; a later value that does not fit is kept as an
 * attribute of its row. Memory stays bounded by the batch size, not the file size. Errors that
 * end the read (a bad --map, a broken quote) come out as an `error` message.
 */
export async function* readRowBatches(options: RowReaderOptions): AsyncGenerator<ReaderMessage> {
  const hash = createHash("sha256");
  let bytesRead = 0;
  const stream = createReadStream(options.path, { highWaterMark: 1 << 20 });
  // csv-parse would turn invalid UTF-8 into U+FFFD (and keep NUL bytes) without a word.
  const bytesCheck = new CsvByteCheck();
  stream.on("data", (chunk) => {
    const bytes = chunk as Buffer;
    const problem = bytesCheck.push(bytes);
    if (problem !== undefined) {
      stream.destroy(new BadBytesError(problem, bytesRead));
      return;
    }
    hash.update(bytes);
    bytesRead += bytes.length;
  });
  const parser = parse({
    ...csvParseOptions(options.delimiter),
    // Larger object buffer: reading records one by one through a stream is the slow part.
    highWaterMark: 1024,
  } as Options);
  stream.on("error", (error) => parser.destroy(error));
  stream.pipe(parser);

  const format = rowFormat(options.settings);
  let reader: RowsOfFile | undefined;
  let headers: string[] | undefined;
  const deciding: { cells: string[]; line: number }[] = [];
  // Physical line of the next record: records plus newlines inside quoted fields.
  let line = 1;
  let batch = newBatch(format);
  try {
    for await (const records of readableChunks(parser)) {
      for (const cells of records) {
        const recordLine = line;
        line += 1 + embeddedNewlines(cells);
        if (cells.length === 1 && (cells[0] ?? "").trim() === "") continue;
        if (headers === undefined) {
          // An export escapes attribute names as it escapes values (see `withoutFormulaEscapes`).
          headers = [...withoutExportEscapes(cells)];
          // A fixed rejects file imported again: its own two columns are not data.
          const own = headers.slice(dataColumns(headers)).map((header) => `${header}=ignore`);
          const mapping = format.map(headers, [...own, ...options.map]);
          const missing = format.missing(mapping, headers);
          if (missing !== undefined) {
            stream.destroy();
            yield {
              type: "error",
              message: `${options.path}: ${missing.message}`,
              hint: missing.hint,
            };
            return;
          }
          reader = new RowsOfFile(format, mapping, options.dateFormat);
          continue;
        }
        if (reader === undefined) throw new Error("a row came before the header");
        if (!reader.decided) {
          deciding.push({ cells, line: recordLine });
          if (deciding.length < decidingRows) continue;
          yield reader.decide(headers, deciding);
          for (const row of deciding.splice(0)) {
            reader.add(batch, row.cells, row.line);
            if (batch.lines.length + batch.rejects.length >= options.batchSize) {
              yield { type: "batch", ...batch, bytesRead };
              batch = newBatch(format);
            }
          }
          continue;
        }
        reader.add(batch, cells, recordLine);
        if (batch.lines.length + batch.rejects.length >= options.batchSize) {
          yield { type: "batch", ...batch, bytesRead };
          batch = newBatch(format);
        }
      }
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof MappingError) {
      yield { type: "error", message: error.message, hint: error.hint };
      return;
    }
    yield { type: "error", ...describeParseError(error, options.path, line) };
    return;
  }
  const endProblem = bytesCheck.end();
  if (endProblem !== undefined) {
    yield {
      type: "error",
      ...describeParseError(new BadBytesError(endProblem, bytesRead), options.path, line),
    };
    return;
  }
  if (headers === undefined || reader === undefined) {
    yield {
      type: "error",
      message: `${options.path} has no header row`,
      hint: "the first line must name the columns",
    };
    return;
  }
  if (!reader.decided) {
    yield reader.decide(headers, deciding);
    for (const row of deciding) {
      reader.add(batch, row.cells, row.line);
      if (batch.lines.length + batch.rejects.length >= options.batchSize) {
        yield { type: "batch", ...batch, bytesRead };
        batch = newBatch(format);
      }
    }
  }
  if (batch.lines.length + batch.rejects.length > 0) yield { type: "batch", ...batch, bytesRead };
  yield { type: "end", sha256: hash.digest("hex"), bytesRead, unfit: reader.unfitValues() };
}

interface Batch {
  values: unknown;
  lines: number[];
  rejects: RejectedRow[];
}

function newBatch(format: AnyRowFormat): Batch {
  return { values: format.batch(), lines: [], rejects: [] };
}

type Mapping = ColumnMapping<string>;

/**
 * A file's rows read with its format: first the deciding rows settle which guessed columns
 * are taken, then every row is read with that mapping, a value that does not fit a guessed
 * column being kept as an attribute of its row (never a reason to reject it).
 */
class RowsOfFile {
  decided = false;
  private readonly unfit = new Map<string, UnfitValues>();
  /** The mapping with some guessed fields given up, by the fields' names: rows that need one. */
  private readonly without = new Map<string, Mapping>();

  constructor(
    private readonly format: AnyRowFormat,
    private mapping: Mapping,
    private readonly dateFormat: string | undefined,
  ) {}

  /** Decides on the guessed columns from `rows`, and says how each column is used. */
  decide(
    headers: string[],
    rows: readonly { cells: string[]; line: number }[],
  ): Extract<ReaderMessage, { type: "header" }> {
    const tally = new Map<string, { fit: number; unfit: number; reason: string; line: number }>();
    // Only rows that go in count: a row rejected for another reason says nothing of its values.
    for (const { cells, line } of rows) {
      let mapping = this.mapping;
      const given = new Map<string, string>();
      let read = this.format.read(cells, mapping);
      while (!read.ok && this.mayGiveWay(mapping, read)) {
        given.set(read.field as string, read.reason);
        mapping = withoutField(mapping, read.field as string);
        read = this.format.read(cells, mapping);
      }
      if (!read.ok) continue;
      for (const [field, index] of Object.entries(this.mapping.fieldIndex)) {
        if (!isGuessed(this.mapping, field)) continue;
        if ((cells[index as number] ?? "").trim() === "") continue;
        const reason = given.get(field);
        const entry = tally.get(field) ?? { fit: 0, unfit: 0, reason: "", line: 0 };
        tally.set(field, entry);
        if (reason === undefined) entry.fit++;
        else {
          entry.unfit++;
          if (entry.line === 0) Object.assign(entry, { reason, line });
        }
      }
    }
    const unfit = new Map<number, ColumnUse["unfit"]>();
    for (const [field, entry] of tally) {
      if (entry.unfit <= entry.fit) continue;
      unfit.set(this.mapping.fieldIndex[field] as number, {
        rows: entry.fit + entry.unfit,
        fit: entry.fit,
        reason: entry.reason,
        line: entry.line,
      });
      this.mapping = withoutField(this.mapping, field);
    }
    this.decided = true;
    const dateField = this.format.dateField;
    return {
      type: "header",
      headers,
      columns: this.mapping.columns.map((column) => ({
        header: column.header,
        field: column.field ?? null,
        attribute: column.attribute,
        how: column.how,
        ignored: column.ignored,
        looksLike: column.looksLike ?? null,
        unfit: unfit.get(column.index) ?? null,
      })),
      warnings: [...this.mapping.warnings],
      dateColumns:
        dateField === undefined || this.mapping.fieldIndex[dateField] !== undefined
          ? []
          : this.dateColumns(rows),
    };
  }

  /**
   * Reads a row into the batch, or into its rejects. A row rejected even without the values
   * that did not fit is rejected for the first of those (a won deal whose amount cannot be read
   * is rejected for that amount, not for having none).
   */
  add(batch: Batch, cells: string[], line: number): void {
    let read = this.format.read(cells, this.mapping);
    if (read.ok) {
      this.format.add(batch.values, read.value);
      batch.lines.push(line);
      return;
    }
    let mapping = this.mapping;
    const unfit: { field: string; reason: string }[] = [];
    while (!read.ok && this.mayGiveWay(mapping, read)) {
      const field = read.field as string;
      unfit.push({ field, reason: read.reason });
      mapping = this.withoutAlso(mapping, field);
      read = this.format.read(cells, mapping);
    }
    if (!read.ok) {
      batch.rejects.push({ line, cells, reason: unfit[0]?.reason ?? read.reason });
      return;
    }
    this.format.add(batch.values, read.value);
    batch.lines.push(line);
    for (const { field, reason } of unfit) {
      const entry = this.unfit.get(field);
      if (entry !== undefined) this.unfit.set(field, { ...entry, count: entry.count + 1 });
      else {
        const header = this.mapping.columns[this.mapping.fieldIndex[field] as number]?.header;
        this.unfit.set(field, { header: header ?? field, field, count: 1, reason, line });
      }
    }
  }

  unfitValues(): UnfitValues[] {
    return [...this.unfit.values()];
  }

  /** A value that does not fit gives way when its column was guessed and the field can. */
  private mayGiveWay(mapping: Mapping, read: RowRead<unknown, string>): boolean {
    return (
      !read.ok &&
      read.field !== undefined &&
      !this.format.needed.includes(read.field) &&
      isGuessed(mapping, read.field)
    );
  }

  /** `mapping` without `field` too, made once per set of fields given up. */
  private withoutAlso(mapping: Mapping, field: string): Mapping {
    const given = Object.keys(this.mapping.fieldIndex).filter(
      (name) => name === field || mapping.fieldIndex[name as never] === undefined,
    );
    const key = given.join("\n");
    let found = this.without.get(key);
    if (found === undefined) {
      found = withoutField(mapping, field);
      this.without.set(key, found);
    }
    return found;
  }

  /** Attribute columns with a value in some rows, each of which is a date. */
  private dateColumns(rows: readonly { cells: string[] }[]): string[] {
    return this.mapping.columns
      .filter((column) => {
        if (column.field !== undefined || column.ignored) return false;
        let dated = 0;
        for (const { cells } of rows) {
          const value = (cells[column.index] ?? "").trim();
          if (value === "") continue;
          if (parseDateStrict(value, this.dateFormat) === undefined) return false;
          dated++;
        }
        return dated > 0;
      })
      .map((column) => column.header);
  }
}

function embeddedNewlines(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    let at = cell.indexOf("\n");
    while (at !== -1) {
      count++;
      at = cell.indexOf("\n", at + 1);
    }
  }
  return count;
}

/** All records available at each 'readable', instead of one promise per record. */
async function* readableChunks(parser: ReturnType<typeof parse>): AsyncGenerator<string[][]> {
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on("readable", notify);
  parser.on("end", () => {
    done = true;
    notify();
  });
  parser.on("error", (error) => {
    failure = error;
    done = true;
    notify();
  });
  for (;;) {
    const records: string[][] = [];
    let record: string[] | null;
    // biome-ignore lint/suspicious/noAssignInExpressions: the stream read loop idiom
    while ((record = parser.read() as string[] | null) !== null) records.push(record);
    if (failure !== undefined) throw failure;
    if (records.length > 0) yield records;
    else if (done) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

class BadBytesError extends Error {
  constructor(
    readonly problem: ByteProblem,
    readonly chunkStart: number,
  ) {
    super(problem);
  }
}

function describeParseError(
  error: unknown,
  path: string,
  line: number,
): { message: string; hint?: string } {
  if (error instanceof BadBytesError)
    return describeByteProblem(error.problem, path, error.chunkStart, line);
  const code = (error as { code?: string }).code;
  if (code === "CSV_QUOTE_NOT_CLOSED") {
    return {
      message: `${path}: a quoted field opened on or after line ${line} is never closed`,
      hint: "fix the quotes in the file (a field's quotes must be doubled inside it); nothing was imported",
    };
  }
  if (code === "CSV_MAX_RECORD_SIZE") return recordTooLarge(path, line);
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
    return { message: `cannot read ${path}: ${(error as Error).message}` };
  }
  if (typeof code === "string" && code.startsWith("CSV_")) {
    return { message: `${path}: not a valid CSV near line ${line}: ${(error as Error).message}` };
  }
  throw error;
}

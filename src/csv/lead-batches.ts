import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type Options, parse } from "csv-parse";
import { isValidEmail, normaliseEmail } from "../domain/email.js";
import { MappingError, mapHeaders, parseMapOption } from "../domain/header-mapping.js";
import { buildIncomingLead } from "../domain/lead-record.js";
import { RepIndex, type RepNames } from "../domain/reps.js";
import type { Stage } from "../domain/stages.js";
import { type ByteProblem, CsvByteCheck, describeByteProblem } from "./byte-check.js";
import { unescapeImportedCell, withoutExportEscapes } from "./formula-cells.js";
import { pushLeadRow, type RowValue } from "./lead-row-layout.js";
import { csvParseOptions, recordTooLarge } from "./parse-options.js";

/** What the reader needs; plain data, so it can be posted to a worker thread. */
export interface LeadReaderOptions {
  readonly path: string;
  readonly delimiter: string;
  readonly map: readonly string[];
  readonly dateFormat?: string | undefined;
  readonly defaultSource?: string | undefined;
  readonly defaultStage?: Stage | undefined;
  /** The database's reps, which owner cells are resolved against (few: they travel to the worker). */
  readonly reps: readonly RepNames[];
  /** Rows per batch message. */
  readonly batchSize: number;
  readonly batchId: number;
  readonly importedAt: string;
}

export interface RejectedRow {
  readonly line: number;
  readonly cells: readonly string[];
  readonly reason: string;
}

export type ReaderMessage =
  | { type: "header"; headers: string[]; warnings: string[]; hasIdentity: boolean }
  | {
      type: "batch";
      rows: RowValue[];
      extras: RowValue[];
      lines: number[];
      rejects: RejectedRow[];
      bytesRead: number;
    }
  | { type: "end"; sha256: string; bytesRead: number }
  | { type: "error"; message: string; hint?: string | undefined };

/**
 * Streams a leads CSV: hashes the bytes, parses records, maps the header, validates and
 * normalises each row. Memory stays bounded by the batch size, not the file size.
 * Errors that end the read (a bad --map, a broken quote) come out as an `error` message.
 */
export async function* readLeadBatches(options: LeadReaderOptions): AsyncGenerator<ReaderMessage> {
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

  let overrides: ReturnType<typeof parseMapOption>;
  try {
    overrides = parseMapOption(options.map);
  } catch (error) {
    stream.destroy();
    yield mappingFailure(error);
    return;
  }

  const reps = new RepIndex(options.reps);
  let header: { mapping: ReturnType<typeof mapHeaders>; count: number } | undefined;
  // Physical line of the next record: records plus newlines inside quoted fields.
  let line = 1;
  let rows: RowValue[] = [];
  let extras: RowValue[] = [];
  let lines: number[] = [];
  let rejects: RejectedRow[] = [];
  try {
    for await (const records of readableChunks(parser)) {
      for (const cells of records) {
        const recordLine = line;
        line += 1 + embeddedNewlines(cells);
        if (cells.length === 1 && (cells[0] ?? "").trim() === "") continue;
        if (header === undefined) {
          // An export escapes attribute names as it escapes values (see `withoutFormulaEscapes`).
          const names = withoutExportEscapes(cells);
          const mapping = mapHeaders(names, overrides);
          header = { mapping, count: cells.length };
          const hasIdentity =
            mapping.fieldIndex.email !== undefined || mapping.fieldIndex.external_id !== undefined;
          yield { type: "header", headers: names, warnings: [...mapping.warnings], hasIdentity };
          if (!hasIdentity) return;
          continue;
        }
        const result = buildIncomingLead(
          withoutFormulaEscapes(cells, header.mapping.fieldIndex.email),
          {
            mapping: header.mapping,
            headerCount: header.count,
            dateFormat: options.dateFormat,
            defaultSource: options.defaultSource,
            defaultStage: options.defaultStage,
            reps,
          },
        );
        if (result.ok) {
          pushLeadRow(rows, extras, result.lead, options);
          lines.push(recordLine);
        } else {
          rejects.push({ line: recordLine, cells, reason: result.reason });
        }
        if (lines.length + rejects.length >= options.batchSize) {
          yield { type: "batch", rows, extras, lines, rejects, bytesRead };
          rows = [];
          extras = [];
          lines = [];
          rejects = [];
        }
      }
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof MappingError) {
      yield mappingFailure(error);
      return;
    }
    yield { type: "error", ...describeParseError(error, options.path, line) };
    return;
  }
  if (lines.length + rejects.length > 0)
    yield { type: "batch", rows, extras, lines, rejects, bytesRead };
  const endProblem = bytesCheck.end();
  if (endProblem !== undefined) {
    yield {
      type: "error",
      ...describeParseError(new BadBytesError(endProblem, bytesRead), options.path, line),
    };
    return;
  }
  if (header === undefined) {
    yield {
      type: "error",
      message: `${options.path} has no header row`,
      hint: "the first line must name the columns",
    };
    return;
  }
  yield { type: "end", sha256: hash.digest("hex"), bytesRead };
}

/**
 * The cells with funnel's (and spreadsheets') formula-escaping apostrophe removed. An export
 * only escapes stored values, and a stored email is a valid one: where removing the apostrophe
 * would leave an invalid email (`'@x.example` is the address `'@x.example`), it is the data's.
 */
function withoutFormulaEscapes(cells: string[], emailIndex: number | undefined): string[] {
  for (const cell of cells) {
    if (cell.trimStart().charCodeAt(0) !== 39) continue;
    const unescaped = cells.map(unescapeImportedCell);
    const email = emailIndex === undefined ? undefined : cells[emailIndex];
    if (email !== undefined && !isValidEmail(normaliseEmail(unescaped[emailIndex as number] ?? "")))
      unescaped[emailIndex as number] = email;
    return unescaped;
  }
  return cells;
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

function mappingFailure(error: unknown): ReaderMessage {
  if (error instanceof MappingError)
    return { type: "error", message: error.message, hint: error.hint };
  throw error;
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

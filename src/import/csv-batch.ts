import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parse } from "csv-parse";
import { CsvByteCheck, describeByteProblem } from "../csv/byte-check.js";
import { withoutExportEscapes } from "../csv/formula-cells.js";
import { csvParseOptions, recordTooLarge } from "../csv/parse-options.js";
import { sniffCsvFile } from "../csv/sniff.js";
import { MappingError } from "../domain/header-mapping.js";
import { InterruptedError, UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import {
  createImportBatch,
  findBatchesBySha256,
  finishImportBatch,
} from "../store/import-batches-store.js";
import { runInTransaction } from "../store/transaction.js";
import { type ImportCounts, RejectTally } from "./import-counts.js";
import { defaultRejectsPath, RejectsFile } from "./rejects-file.js";

/**
 * The batch, rejects and counting machinery that the deal and quota imports share: they only
 * say how a header is read and what one row does. Files of deals and quotas are small, so
 * this reads in the main thread, hashing the file first to know whether it was imported before.
 */

export type RowOutcome = "inserted" | "updated" | "unchanged" | { reject: string };

/** One file's rows, applied by a kind of import. */
export interface RowHandler {
  /** Checks the header row; throws a UserError when the file cannot be imported. */
  header(headers: readonly string[]): void;
  row(cells: readonly string[], line: number): RowOutcome;
}

export interface BatchContext {
  readonly batchId: number;
  readonly importedAt: string;
  /**
   * False when these exact bytes were imported before (and not reverted): rows are checked
   * but not applied again, so importing the same export twice changes nothing.
   */
  readonly apply: boolean;
}

export interface CsvBatchJob {
  readonly kind: string;
  readonly file: string;
  readonly delimiter?: string | undefined;
  /** The options to record with the batch. */
  readonly options: Record<string, unknown>;
  readonly rejects?: string | undefined;
  readonly dryRun: boolean;
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
}

export interface CsvBatchSummary extends ImportCounts {
  readonly kind: string;
}

/**
 * Imports one CSV file as one batch in one transaction: every row is accounted for (inserted,
 * updated, unchanged or rejected, with the rejected ones in the rejects file) and committed,
 * or nothing is written. A dry run rolls back and writes no rejects file.
 */
export async function importCsvBatch(
  db: Db,
  job: CsvBatchJob,
  start: (context: BatchContext) => RowHandler,
): Promise<CsvBatchSummary> {
  const started = performance.now();
  // A kind-specific word for an empty file (sniffCsvFile refuses pipes and the rest).
  const stat = statSync(job.file, { throwIfNoEntry: false });
  if (stat?.isFile() === true && stat.size === 0)
    throw new UserError(`${job.file} is empty`, `a ${job.kind} CSV needs a header row and rows`);
  const facts = sniffCsvFile(job.file, job.delimiter);
  const { sha256, size } = await fingerprint(job.file);
  let rejects: RejectsFile | undefined;
  let committed = false;
  try {
    const summary = await runInTransaction(db, { rollback: job.dryRun }, async () => {
      const importedAt = job.now().toISOString();
      const batchId = createImportBatch(db, {
        kind: job.kind,
        fileName: basename(job.file),
        filePath: resolve(job.file),
        fileSize: size,
        options: { ...job.options, delimiter: facts.delimiter },
        startedAt: importedAt,
      });
      const previous = findBatchesBySha256(db, sha256, batchId).filter(
        (batch) => batch.kind === job.kind,
      );
      const handler = start({ batchId, importedAt, apply: previous.length === 0 });
      const counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
      const tally = new RejectTally();
      let headerSeen = false;
      for await (const { cells, line } of readCsvRecords(job.file, facts.delimiter)) {
        if (job.signal?.aborted) throw new InterruptedError();
        if (!headerSeen) {
          headerSeen = true;
          handler.header(withoutExportEscapes(cells));
          if (!job.dryRun)
            rejects = new RejectsFile(job.rejects ?? defaultRejectsPath(job.file), cells);
          continue;
        }
        counts.rowsRead++;
        const outcome = handler.row(withoutExportEscapes(cells), line);
        if (typeof outcome === "string") counts[outcome]++;
        else {
          counts.rejected++;
          tally.add(outcome.reject, line);
          rejects?.add(cells, line, outcome.reject);
        }
      }
      if (!headerSeen)
        throw new UserError(
          `${job.file} has no header row`,
          "the first line must name the columns",
        );
      finishImportBatch(db, batchId, {
        ...counts,
        sha256,
        fileSize: size,
        finishedAt: job.now().toISOString(),
      });
      return {
        batchId: job.dryRun ? undefined : batchId,
        kind: job.kind,
        file: job.file,
        fileSize: size,
        sha256,
        dryRun: job.dryRun,
        ...counts,
        rejectReasons: tally.reasons(),
        rejectsFile: rejects?.close(),
        previousImports: previous.map((batch) => ({
          batchId: batch.id,
          importedAt: batch.started_at,
        })),
        elapsedMs: Math.round(performance.now() - started),
      };
    });
    committed = true;
    rejects?.publish();
    return summary;
  } catch (error) {
    if (!committed) rejects?.discard();
    if (error instanceof MappingError) throw new UserError(error.message, error.hint);
    throw error;
  }
}

/**
 * The file's SHA-256 and size, refusing bytes that are not UTF-8 or hold a NUL (csv-parse
 * would hide the one and store the other).
 */
export async function fingerprint(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  const check = new CsvByteCheck();
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      const problem = check.push(bytes);
      if (problem !== undefined) throw byteError(problem, path, size);
      hash.update(bytes);
      size += bytes.length;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const problem = check.end();
  if (problem !== undefined) throw byteError(problem, path, size);
  return { sha256: hash.digest("hex"), size };
}

function byteError(...args: Parameters<typeof describeByteProblem>): UserError {
  const { message, hint } = describeByteProblem(...args);
  return new UserError(message, hint);
}

/** Records with the physical line each starts on; blank lines are skipped but counted. */
export async function* readCsvRecords(
  path: string,
  delimiter: string,
): AsyncGenerator<{ cells: string[]; line: number }> {
  const input = createReadStream(path);
  const parser = parse(csvParseOptions(delimiter));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      // csv-parse miscounts CRLF inside quoted fields: count the newlines ourselves.
      for (const cell of record) line += cell.split("\n").length - 1;
      line++;
      if (record.length === 1 && (record[0] ?? "").trim() === "") continue;
      yield { cells: record, line: start };
    }
  } catch (error) {
    throw describeParseError(error, path, line);
  } finally {
    input.destroy();
  }
}

function describeParseError(error: unknown, path: string, line: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === "CSV_QUOTE_NOT_CLOSED")
    return new UserError(
      `${path}: a quoted field opened on or after line ${line} is never closed`,
      "fix the quotes in the file (a field's quotes must be doubled inside it); nothing was imported",
    );
  if (code === "CSV_MAX_RECORD_SIZE") {
    const { message, hint } = recordTooLarge(path, line);
    return new UserError(message, hint);
  }
  if (typeof code === "string" && code.startsWith("CSV_"))
    return new UserError(
      `${path}: not a valid CSV near line ${line}: ${(error as Error).message}`,
      "fix the file; nothing was imported",
    );
  return error;
}

import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { sniffCsvFile } from "../csv/sniff.js";
import { InterruptedError, UserError } from "../errors.js";
import {
  type BatchCounts,
  createImportBatch,
  findBatchesBySha256,
  finishImportBatch,
} from "../store/import-batches.js";
import type { Store, WriteTx } from "../store/store.js";
import { type ImportCounts, RejectTally } from "./import-counts.js";
import { dataColumns, defaultRejectsPath, RejectsFile } from "./rejects-file.js";
import type { ColumnUse, ReaderMessage } from "./row-batches.js";
import type { FormatSettings, ImportKind } from "./row-format.js";
import { canUseWorker, openRowReader, type RowReader } from "./row-reader.js";

/**
 * The one import pipeline: every kind of file (leads, deals, quotas, reps) is read by its row
 * format (row-format.ts), in a worker thread for a large file of a kind that offers it, and its
 * rows applied by its writer, as one batch in one transaction: every row is accounted for
 * (inserted, updated, unchanged, or rejected into the rejects file) and committed, or nothing is.
 */

export type RowOutcome = "inserted" | "updated" | "unchanged";

/** Where a writer reports each row's outcome. */
export interface RowTally {
  count(outcome: RowOutcome): void;
  reject(line: number, cells: readonly string[], reason: string): void;
  /** Rows counted as `from` that turned out `to` once the file was read (leads merged in it). */
  recount(from: RowOutcome, to: RowOutcome, rows: number): void;
}

/**
 * Applies one kind's rows to the database, in file order, in the import's transaction. Each
 * call takes a whole batch of rows: a writer awaits the store once per batch where it can,
 * never once per row of a file of millions.
 */
export interface RowWriter {
  /** The file's columns, before any row: refuses the file (a UserError) when it cannot go in. */
  header?(columns: readonly ColumnUse[]): Promise<void>;
  write(values: unknown, lines: readonly number[], tally: RowTally): Promise<void>;
  /**
   * After the last row, unless nothing is applied (the same import again): what only the
   * whole file tells (leads its rows left as they were; a lead import rebuilds an index).
   */
  finish?(tally: RowTally): Promise<void>;
}

export interface BatchContext {
  /** The import's transaction. */
  readonly tx: WriteTx;
  readonly batchId: number;
  readonly importedAt: string;
}

export interface BatchJob {
  readonly kind: ImportKind;
  readonly file: string;
  readonly map?: readonly string[] | undefined;
  readonly dateFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  /**
   * The options to record with the batch: importing the same bytes again with the same options
   * (after an import that rejected nothing) applies nothing again.
   */
  readonly options: Record<string, unknown>;
  readonly rejects?: string | undefined;
  readonly dryRun: boolean;
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((bytesRead: number, totalBytes: number) => void) | undefined;
  /** Files from this size up are read in a worker thread (leads); other kinds read in place. */
  readonly threadedFrom?: number | undefined;
  /** How the kind reads its rows (plain data: it may travel to the reader's thread). */
  readonly settings: (context: BatchContext) => Promise<FormatSettings>;
  readonly writer: (context: BatchContext & { size: number }) => Promise<RowWriter>;
}

// Rows per batch between the reader and the writer.
const batchSize = 2000;

export async function importBatch(store: Store, job: BatchJob): Promise<ImportCounts> {
  const started = performance.now();
  // A kind-specific word for an empty file (sniffCsvFile refuses pipes and the rest).
  const stat = statSync(job.file, { throwIfNoEntry: false });
  if (stat?.isFile() === true && stat.size === 0)
    throw new UserError(`${job.file} is empty`, `a ${job.kind} CSV needs a header row and rows`);
  const facts = sniffCsvFile(job.file, job.delimiter);
  const recorded = { ...job.options, map: job.map ?? [], dateFormat: job.dateFormat };
  const options = { ...recorded, delimiter: facts.delimiter };
  const threaded =
    job.threadedFrom !== undefined && facts.size >= job.threadedFrom && canUseWorker();
  const rejects = new RejectsFile(job.rejects ?? defaultRejectsPath(job.file));
  const record = {
    kind: job.kind,
    fileName: basename(job.file),
    filePath: resolve(job.file),
    fileSize: facts.size,
    options,
  };
  const importedAt = job.now().toISOString();
  // What the batch record holds once the file is read.
  let batchCounts: (BatchCounts & { sha256: string; fileSize: number }) | undefined;
  let reader: RowReader | undefined;
  let kept = false;
  try {
    const summary = await store.write(
      async (tx): Promise<ImportCounts> => {
        const batchId = await createImportBatch(tx, { ...record, startedAt: importedAt });
        const context = { tx, batchId, importedAt };
        reader = openRowReader(
          {
            path: job.file,
            delimiter: facts.delimiter,
            map: job.map ?? [],
            dateFormat: job.dateFormat,
            settings: await job.settings(context),
            batchSize,
          },
          threaded,
        );
        const writer = await job.writer({ ...context, size: facts.size });
        const counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
        const reasons = new RejectTally();
        const tally: RowTally = {
          count: (outcome) => {
            counts.rowsRead++;
            counts[outcome]++;
          },
          reject: (line, cells, reason) => {
            counts.rowsRead++;
            counts.rejected++;
            reasons.add(reason, line);
            if (!job.dryRun) rejects.add(cells, line, reason);
          },
          recount: (from, to, rows) => {
            counts[from] -= rows;
            counts[to] += rows;
          },
        };
        let header: Extract<ReaderMessage, { type: "header" }> | undefined;
        let end: Extract<ReaderMessage, { type: "end" }> | undefined;
        for await (const message of reader.messages) {
          if (job.signal?.aborted) throw new InterruptedError();
          switch (message.type) {
            case "header":
              header = message;
              rejects.setHeaders(message.headers, dataColumns(message.headers));
              await writer.header?.(message.columns);
              break;
            case "batch":
              await writer.write(message.values, message.lines, tally);
              for (const reject of message.rejects)
                tally.reject(reject.line, reject.cells, reject.reason);
              job.onProgress?.(message.bytesRead, facts.size);
              // Let the event loop run (a Ctrl-C, the progress bar): a worker that keeps up would
              // otherwise feed batches in one long run of message events that starves it.
              await new Promise((resolve) => setImmediate(resolve));
              reader.ack();
              break;
            case "end":
              end = message;
              break;
            case "error":
              throw new UserError(message.message, message.hint);
          }
        }
        if (header === undefined || end === undefined)
          throw new Error("the reader ended without a header or an end");
        const previous = (await findBatchesBySha256(tx, end.sha256, batchId)).filter(
          (batch) => batch.kind === job.kind,
        );
        const optionsText = JSON.stringify(options);
        // These bytes went in before as this import would put them, and nothing was rejected
        // then or now: nothing is applied again (rows without an identity, deals without an
        // external id, would otherwise go in twice; an older file would undo newer changes).
        const repeat =
          counts.rejected === 0 &&
          previous.some((batch) => batch.options === optionsText && batch.rejected === 0);
        if (repeat) Object.assign(counts, { inserted: 0, updated: 0, unchanged: counts.rowsRead });
        else await writer.finish?.(tally);
        batchCounts = { ...counts, sha256: end.sha256, fileSize: end.bytesRead };
        await finishImportBatch(tx, batchId, {
          ...batchCounts,
          finishedAt: job.now().toISOString(),
        });
        const allRejected = counts.rowsRead > 0 && counts.rejected === counts.rowsRead;
        return {
          kind: job.kind,
          batchId: job.dryRun || allRejected ? undefined : batchId,
          file: job.file,
          fileSize: end.bytesRead,
          sha256: end.sha256,
          dryRun: job.dryRun,
          allRejected,
          ...counts,
          columns: header.columns,
          unfit: repeat ? [] : end.unfit,
          dateColumns: header.dateColumns,
          rejectReasons: reasons.reasons(),
          rejectsFile: rejects.close(),
          previousImports: previous.map((batch) => ({
            batchId: batch.id,
            importedAt: batch.started_at,
            sameOptions: batch.options === optionsText,
            rejected: batch.rejected,
          })),
          applied: !repeat,
          warnings: header.warnings,
          elapsedMs: Math.round(performance.now() - started),
        };
      },
      // The same import again is rolled back too; only its batch is recorded (below).
      { dryRun: job.dryRun, discard: (result) => result.allRejected || !result.applied },
    );
    kept = true;
    // The rejects of an import that rejected every row are kept too: they say what to fix.
    if (summary.rejectsFile !== undefined) rejects.publish();
    else if (!job.dryRun) rejects.removeStale();
    if (summary.applied || job.dryRun || batchCounts === undefined) return summary;
    // The same import again: its rows were rolled back with the rest, and the record that it
    // ran is kept on its own (no savepoint: the import layer writes no SQL of its own).
    const counts = batchCounts;
    const batchId = await store.write(async (tx) => {
      const id = await createImportBatch(tx, { ...record, startedAt: importedAt });
      await finishImportBatch(tx, id, { ...counts, finishedAt: job.now().toISOString() });
      return id;
    });
    return { ...summary, batchId };
  } finally {
    if (!kept) rejects.discard();
    await reader?.close();
  }
}

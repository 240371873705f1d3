import { basename, resolve } from "node:path";
import type { ReaderMessage } from "../csv/lead-batches.js";
import { canUseWorker, type LeadReader, openLeadReader } from "../csv/lead-reader.js";
import {
  column,
  extrasWidth,
  incomingLeadAt,
  leadRowWidth,
  type RowValue,
} from "../csv/lead-row-layout.js";
import { columnList } from "../csv/parse-options.js";
import { sniffCsvFile } from "../csv/sniff.js";
import { type HeaderMapping, mapHeaders, parseMapOption } from "../domain/header-mapping.js";
import { mergeIncoming } from "../domain/lead-merge.js";
import { rebuildCells } from "../domain/rebuild-cells.js";
import type { Stage } from "../domain/stages.js";
import { InterruptedError, UserError } from "../errors.js";
import { type Db, enlargePageCache } from "../store/database.js";
import {
  createImportBatch,
  findBatchesBySha256,
  finishImportBatch,
} from "../store/import-batches-store.js";
import { type LeadSnapshot, saveRevision } from "../store/lead-revisions-store.js";
import {
  findLeadByEmail,
  findLeadByExternalId,
  insertLeadIfNew,
  type StoredLead,
  suspendCohortIndexFor,
  updateLead,
} from "../store/leads-store.js";
import { listReps } from "../store/reps-store.js";
import { insertNewLeadEventRows, insertStageEventRows } from "../store/stage-events-store.js";
import { runInTransaction } from "../store/transaction.js";
import { type ImportCounts, RejectTally } from "./import-counts.js";
import { defaultRejectsPath, RejectsFile } from "./rejects-file.js";

export type OnDuplicate = "update" | "skip" | "error";

export interface ImportLeadsOptions {
  readonly file: string;
  readonly map?: readonly string[];
  readonly source?: string | undefined;
  readonly stage?: Stage | undefined;
  readonly dateFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly onDuplicate?: OnDuplicate;
  /** Where rejected rows go; default `<input>.rejects.csv` next to the input. */
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean;
  /** The clock, for tests. */
  readonly now?: () => Date;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Aborts the import (Ctrl-C); everything is rolled back. */
  readonly signal?: AbortSignal | undefined;
}

export interface ImportSummary extends ImportCounts {
  /** Rows that matched a lead already in the database or earlier in the file. */
  readonly duplicates: number;
  readonly onDuplicate: OnDuplicate;
  readonly warnings: readonly string[];
}

const batchSize = 2000;
// Below this a worker thread costs more to start than parsing in place saves.
const workerThresholdBytes = 4 << 20;
// 16 MiB: measured faster than the 2 MiB default on a 1M-row import; more costs memory.
const importCacheKiB = 16 * 1024;
// A generous row size, so that the estimate of a file's leads errs low.
const bytesPerLeadEstimate = 250;

/**
 * Imports a leads CSV as one batch in one transaction: either every row is accounted for
 * (inserted, updated, unchanged or rejected) and committed, or nothing is written.
 */
export async function importLeads(db: Db, options: ImportLeadsOptions): Promise<ImportSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const importedAt = now().toISOString();
  const onDuplicate = options.onDuplicate ?? "update";
  const dryRun = options.dryRun ?? false;
  const facts = sniffCsvFile(options.file, options.delimiter);
  const threaded = facts.size >= workerThresholdBytes && canUseWorker();
  let reader: LeadReader | undefined;
  let rejects: RejectsFile | undefined;
  // Index inserts in random key order (emails) need the index pages in memory: give SQLite a
  // larger page cache for the import, within the import's memory budget.
  const restorePageCache = enlargePageCache(db, importCacheKiB);
  let committed = false;
  try {
    const summary = await runInTransaction(db, { rollback: dryRun }, async () => {
      const batchId = createImportBatch(db, {
        kind: "leads",
        fileName: basename(options.file),
        filePath: resolve(options.file),
        fileSize: facts.size,
        options: {
          map: options.map ?? [],
          source: options.source,
          stage: options.stage,
          dateFormat: options.dateFormat,
          delimiter: facts.delimiter,
          onDuplicate,
        },
        startedAt: importedAt,
      });
      reader = openLeadReader(
        {
          path: options.file,
          delimiter: facts.delimiter,
          map: options.map ?? [],
          dateFormat: options.dateFormat,
          defaultSource: options.source,
          defaultStage: options.stage,
          reps: listReps(db).map(({ handle, name, email }) => ({ handle, name, email })),
          batchSize,
          batchId,
          importedAt,
        },
        threaded,
      );
      // Rows a large file holds, roughly (a CRM export's row is some 150-250 bytes).
      const rebuildCohortIndex = suspendCohortIndexFor(
        db,
        facts.size >= workerThresholdBytes ? facts.size / bytesPerLeadEstimate : 0,
      );
      let writer: LeadBatchWriter | undefined;
      const reasons = new RejectTally();
      let warnings: string[] = [];
      let sha256 = "";
      let bytesRead = 0;
      for await (const message of reader.messages) {
        if (options.signal?.aborted) throw new InterruptedError();
        switch (message.type) {
          case "header":
            warnings = message.warnings;
            if (!message.hasIdentity) throw noIdentityColumn(options.file, message.headers);
            writer = new LeadBatchWriter(
              db,
              batchId,
              importedAt,
              onDuplicate,
              mapHeaders(message.headers, parseMapOption(options.map ?? [])),
            );
            if (!dryRun)
              rejects = new RejectsFile(
                options.rejects ?? defaultRejectsPath(options.file),
                message.headers,
              );
            break;
          case "batch":
            if (writer === undefined) throw new Error("a batch arrived before the header");
            writer.write(message);
            for (const reject of message.rejects) {
              rejects?.add(reject.cells, reject.line, reject.reason);
              reasons.add(reject.reason, reject.line);
            }
            options.onProgress?.(message.bytesRead, facts.size);
            // Let the event loop run (a Ctrl-C, the progress bar): a worker that keeps up would
            // otherwise feed batches in one long run of message events that starves it.
            await new Promise((resolve) => setImmediate(resolve));
            reader.ack();
            break;
          case "end":
            sha256 = message.sha256;
            bytesRead = message.bytesRead;
            break;
          case "error":
            throw new UserError(message.message, message.hint);
        }
      }
      if (writer === undefined) throw new Error("the reader ended without a header");
      // A dry run rolls back, which brings the index back without building it.
      if (!dryRun) rebuildCohortIndex();
      const counts = writer.counts;
      finishImportBatch(db, batchId, {
        ...counts,
        sha256,
        fileSize: bytesRead,
        finishedAt: now().toISOString(),
      });
      const previous = findBatchesBySha256(db, sha256, batchId);
      const rejectsFile = rejects?.close();
      return {
        batchId: dryRun ? undefined : batchId,
        file: options.file,
        fileSize: bytesRead,
        sha256,
        dryRun,
        ...counts,
        duplicates: writer.duplicates,
        onDuplicate,
        rejectReasons: reasons.reasons(),
        rejectsFile,
        previousImports: previous.map((batch) => ({
          batchId: batch.id,
          importedAt: batch.started_at,
        })),
        warnings,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
    committed = true;
    rejects?.publish();
    return summary;
  } catch (error) {
    if (!committed) rejects?.discard();
    throw error;
  } finally {
    restorePageCache();
    await reader?.close();
  }
}

function noIdentityColumn(file: string, headers: readonly string[]): UserError {
  return new UserError(
    `${file}: no column holds an email or an external id, so no lead can be identified`,
    `name the column with --map, e.g. --map "${headers.find((header) => header.trim() !== "") ?? "Header"}=email" (columns: ${columnList(headers)})`,
  );
}

/**
 * Applies batches of parsed rows to the database, in file order. A new lead is inserted
 * and its creation event buffered (events go in many rows per statement); a row whose
 * email or external id is taken already is matched (external id first, then email) and
 * merged on its own, keeping what it overwrote so the batch can be reverted.
 */
class LeadBatchWriter {
  readonly counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  duplicates = 0;
  private events: RowValue[] = [];

  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    private readonly importedAt: string,
    private readonly onDuplicate: OnDuplicate,
    private readonly mapping: HeaderMapping,
  ) {}

  write(batch: Extract<ReaderMessage, { type: "batch" }>): void {
    const { rows, extras, lines } = batch;
    const count = lines.length;
    this.counts.rowsRead += count + batch.rejects.length;
    this.counts.rejected += batch.rejects.length;
    for (let row = 0; row < count; row++) {
      const at = row * leadRowWidth;
      const id = insertLeadIfNew(this.db, rows, at);
      if (id === undefined) {
        // Rows apply in file order: this one may change a lead whose event is still buffered.
        this.flushEvents();
        this.applyDuplicate(batch, row);
        continue;
      }
      this.counts.inserted++;
      this.events.push(
        id,
        null,
        rows[at + column.stage] ?? "lead",
        rows[at + column.createdAt] ?? null,
        "import",
        extras[row * extrasWidth] ?? null,
        this.batchId,
      );
    }
    this.flushEvents();
  }

  private flushEvents(): void {
    if (this.events.length === 0) return;
    // Creation events of leads inserted with their stage columns set (insertLeadIfNew).
    insertNewLeadEventRows(this.db, this.events);
    this.events = [];
  }

  /** A row whose key is taken: reject a conflict, or stop, skip or merge per --on-duplicate. */
  private applyDuplicate(batch: Extract<ReaderMessage, { type: "batch" }>, row: number): void {
    const incoming = incomingLeadAt(batch.rows, batch.extras, row);
    const line = batch.lines[row] ?? 0;
    const byId =
      incoming.external_id === null
        ? undefined
        : findLeadByExternalId(this.db, incoming.external_id);
    const byMail = incoming.email === null ? undefined : findLeadByEmail(this.db, incoming.email);
    let conflict: string | undefined;
    if (byId === undefined && byMail !== undefined && byMail.external_id !== null) {
      conflict = `email "${incoming.email}" belongs to another lead (external id "${byMail.external_id}")`;
    } else if (byId !== undefined && byMail !== undefined && byMail.id !== byId.id) {
      conflict = `email "${incoming.email}" belongs to another lead (id ${byMail.id})`;
    }
    const match = byId ?? byMail;
    if (conflict !== undefined || match === undefined) {
      const reason = conflict ?? "conflicts with another lead";
      batch.rejects.push({ line, cells: rebuildCells(this.mapping, incoming), reason });
      this.counts.rejected++;
      return;
    }
    this.duplicates++;
    if (this.onDuplicate === "error") {
      throw new UserError(
        `line ${line}: duplicate of lead ${match.id} (${match.email ?? match.external_id}); nothing was imported`,
        "--on-duplicate error stops at the first duplicate: use update or skip, or remove the duplicate rows",
      );
    }
    if (this.onDuplicate === "skip") {
      this.counts.unchanged++;
      return;
    }
    const { next, changed, stageChange } = mergeIncoming(match, incoming);
    if (!changed) {
      this.counts.unchanged++;
      return;
    }
    if (match.batch_id !== this.batchId)
      saveRevision(this.db, this.batchId, match.id, snapshot(match));
    updateLead(this.db, match.id, next, this.importedAt);
    if (stageChange !== null) {
      insertStageEventRows(this.db, [
        match.id,
        stageChange.from,
        stageChange.to,
        this.importedAt,
        "import",
        stageChange.reason,
        this.batchId,
      ]);
    }
    this.counts.updated++;
  }
}

function snapshot(lead: StoredLead): LeadSnapshot {
  const { id: _id, batch_id: _batch, ...values } = lead;
  return values;
}

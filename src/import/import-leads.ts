import { basename, dirname, extname, join, resolve } from "node:path";
import {
  leadTupleWidth,
  type ReaderMessage,
  type TupleValue,
  tupleToIncomingLead,
} from "../csv/lead-batches.js";
import { canUseWorker, openLeadReader } from "../csv/lead-reader.js";
import { sniffCsvFile } from "../csv/sniff.js";
import { type HeaderMapping, mapHeaders, parseMapOption } from "../domain/header-mapping.js";
import { mergeIncoming } from "../domain/lead-merge.js";
import type { IncomingLead } from "../domain/lead-record.js";
import { rebuildCells } from "../domain/rebuild-cells.js";
import type { Stage } from "../domain/stages.js";
import { InterruptedError, UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import {
  createImportBatch,
  findBatchesBySha256,
  finishImportBatch,
} from "../store/import-batches-store.js";
import { type LeadSnapshot, saveRevision } from "../store/lead-revisions-store.js";
import {
  findLeadsByEmail,
  findLeadsByExternalId,
  getLeadById,
  insertLeadRows,
  nextLeadId,
  type StoredLead,
  updateLead,
} from "../store/leads-store.js";
import { insertStageEventRows } from "../store/stage-events-store.js";
import { runInTransaction } from "../store/transaction.js";
import { RejectsFile } from "./rejects-file.js";

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
  /** Parse in a worker thread for files at least this big (bytes); default 4 MiB. */
  readonly workerThreshold?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Aborts the import (Ctrl-C); everything is rolled back. */
  readonly signal?: AbortSignal | undefined;
}

export interface RejectReason {
  readonly reason: string;
  readonly count: number;
  readonly firstLine: number;
}

export interface ImportSummary {
  readonly batchId: number | undefined;
  readonly file: string;
  readonly fileSize: number;
  readonly sha256: string;
  readonly dryRun: boolean;
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Rows that matched a lead already in the database or earlier in the file. */
  readonly duplicates: number;
  readonly onDuplicate: OnDuplicate;
  readonly rejectReasons: readonly RejectReason[];
  readonly rejectsFile: string | undefined;
  readonly previousImports: readonly { batchId: number; importedAt: string }[];
  readonly warnings: readonly string[];
  readonly elapsedMs: number;
}

const batchSize = 2000;

/** `leads.csv` → `leads.rejects.csv`, in the same folder. */
export function defaultRejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

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
  const threaded = facts.size >= (options.workerThreshold ?? 4 << 20) && canUseWorker();
  const reader = openLeadReader(
    {
      path: options.file,
      delimiter: facts.delimiter,
      map: options.map ?? [],
      dateFormat: options.dateFormat,
      defaultSource: options.source,
      defaultStage: options.stage,
      batchSize,
    },
    threaded,
  );
  let rejects: RejectsFile | undefined;
  try {
    return await runInTransaction(db, { rollback: dryRun }, async () => {
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
      let writer: LeadBatchWriter | undefined;
      const reasons = new Map<string, { count: number; firstLine: number; example: string }>();
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
              countReason(reasons, reject.reason, reject.line);
            }
            reader.ack();
            options.onProgress?.(message.bytesRead, facts.size);
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
      const counts = writer.counts;
      finishImportBatch(db, batchId, {
        ...counts,
        sha256,
        fileSize: bytesRead,
        finishedAt: now().toISOString(),
      });
      const previous = findBatchesBySha256(db, sha256, batchId);
      const rejectsFile = rejects?.commit();
      return {
        batchId: dryRun ? undefined : batchId,
        file: options.file,
        fileSize: bytesRead,
        sha256,
        dryRun,
        ...counts,
        duplicates: writer.duplicates,
        onDuplicate,
        rejectReasons: [...reasons.values()]
          .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine)
          .map(({ example, count, firstLine }) => ({ reason: example, count, firstLine })),
        rejectsFile,
        previousImports: previous.map((batch) => ({
          batchId: batch.id,
          importedAt: batch.started_at,
        })),
        warnings,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  } catch (error) {
    rejects?.discard();
    throw error;
  } finally {
    await reader.close();
  }
}

/** Counts rejects by the shape of their reason (quoted values left out), keeping the first. */
function countReason(
  reasons: Map<string, { count: number; firstLine: number; example: string }>,
  reason: string,
  line: number,
): void {
  const shape = reason.replace(/"[^"]*"/g, '""').replace(/\d+/g, "N");
  const entry = reasons.get(shape);
  if (entry === undefined) reasons.set(shape, { count: 1, firstLine: line, example: reason });
  else entry.count++;
}

function noIdentityColumn(file: string, headers: readonly string[]): UserError {
  return new UserError(
    `${file}: no column holds an email or an external id, so no lead can be identified`,
    `name the column with --map, e.g. --map "${headers[0] ?? "Column"}=email" (columns: ${headers.join(", ")})`,
  );
}

/**
 * Applies batches of parsed rows to the database: matches each row to an existing lead
 * (external id first, then email), inserts new leads many rows per statement, and merges
 * duplicates row by row, keeping what each overwrote so the batch can be reverted.
 */
class LeadBatchWriter {
  readonly counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  duplicates = 0;
  private nextId: number;
  private leadValues: unknown[] = [];
  private eventValues: unknown[] = [];
  /** Ids of leads inserted by this batch but not yet flushed to the table. */
  private readonly pending = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    private readonly importedAt: string,
    private readonly onDuplicate: OnDuplicate,
    private readonly mapping: HeaderMapping,
  ) {
    this.nextId = nextLeadId(db);
  }

  write(batch: Extract<ReaderMessage, { type: "batch" }>): void {
    const { tuples, lines } = batch;
    this.counts.rowsRead += lines.length + batch.rejects.length;
    this.counts.rejected += batch.rejects.length;
    // Known leads by key: a stored lead, or the id of one this batch has yet to flush.
    const byExternalId = new Map<string, StoredLead | number>();
    const byEmail = new Map<string, StoredLead | number>();
    const externalIds: string[] = [];
    const emails: string[] = [];
    for (let row = 0; row < lines.length; row++) {
      const externalId = tuples[row * leadTupleWidth] as string | null;
      const email = tuples[row * leadTupleWidth + 1] as string | null;
      if (externalId !== null) externalIds.push(externalId);
      if (email !== null) emails.push(email);
    }
    for (const lead of findLeadsByExternalId(this.db, externalIds))
      remember(byExternalId, byEmail, lead);
    for (const lead of findLeadsByEmail(this.db, emails)) remember(byExternalId, byEmail, lead);

    for (let row = 0; row < lines.length; row++) {
      const at = row * leadTupleWidth;
      const externalId = tuples[at] as string | null;
      const email = tuples[at + 1] as string | null;
      const byId = externalId === null ? undefined : this.resolve(byExternalId.get(externalId));
      const byMail = email === null ? undefined : this.resolve(byEmail.get(email));
      if (
        byId === undefined &&
        byMail !== undefined &&
        externalId !== null &&
        byMail.external_id !== null
      ) {
        this.reject(
          batch,
          row,
          `email "${email}" belongs to another lead (external id "${byMail.external_id}")`,
        );
        continue;
      }
      if (byId !== undefined && byMail !== undefined && byMail.id !== byId.id) {
        this.reject(batch, row, `email "${email}" belongs to another lead (id ${byMail.id})`);
        continue;
      }
      const match = byId ?? byMail;
      if (match === undefined) {
        const id = this.insert(tuples, at);
        if (externalId !== null) byExternalId.set(externalId, id);
        if (email !== null) byEmail.set(email, id);
        continue;
      }
      this.duplicates++;
      if (this.onDuplicate === "error") {
        throw new UserError(
          `line ${lines[row]}: duplicate of lead ${match.id} (${match.email ?? match.external_id}); nothing was imported`,
          "--on-duplicate error stops at the first duplicate: use update or skip, or remove the duplicate rows",
        );
      }
      if (this.onDuplicate === "skip") {
        this.counts.unchanged++;
        continue;
      }
      remember(byExternalId, byEmail, this.merge(match, tupleToIncomingLead(tuples, row)));
    }
    this.flush();
  }

  /** A lead this batch inserted is flushed, then read back, the first time a later row matches it. */
  private resolve(known: StoredLead | number | undefined): StoredLead | undefined {
    if (typeof known !== "number") return known;
    if (this.pending.has(known)) this.flush();
    return getLeadById(this.db, known);
  }

  private reject(
    batch: Extract<ReaderMessage, { type: "batch" }>,
    row: number,
    reason: string,
  ): void {
    const incoming = tupleToIncomingLead(batch.tuples, row);
    batch.rejects.push({
      line: batch.lines[row] ?? 0,
      cells: rebuildCells(this.mapping, incoming),
      reason,
    });
    this.counts.rejected++;
  }

  private insert(tuples: readonly TupleValue[], at: number): number {
    const id = this.nextId++;
    const stage = (tuples[at + 13] as Stage | null) ?? "lead";
    const createdAt = (tuples[at + 11] as string | null) ?? this.importedAt;
    const attributes = (tuples[at + 15] as string | null) ?? "{}";
    const values = this.leadValues;
    values.push(id);
    for (let offset = 0; offset < 11; offset++) values.push(tuples[at + offset]);
    values.push(
      createdAt,
      tuples[at + 12],
      stage,
      tuples[at + 14],
      attributes,
      this.batchId,
      this.importedAt,
    );
    this.eventValues.push(id, null, stage, createdAt, "import", tuples[at + 16], this.batchId);
    this.pending.add(id);
    this.counts.inserted++;
    return id;
  }

  private merge(current: StoredLead, incoming: IncomingLead): StoredLead {
    const { next, changed, stageChange } = mergeIncoming(current, incoming);
    if (!changed) {
      this.counts.unchanged++;
      return current;
    }
    if (current.batch_id !== this.batchId)
      saveRevision(this.db, this.batchId, current.id, snapshot(current));
    updateLead(this.db, current.id, next, this.importedAt);
    if (stageChange !== null) {
      insertStageEventRows(this.db, [
        current.id,
        stageChange.from,
        stageChange.to,
        this.importedAt,
        "import",
        stageChange.reason,
        this.batchId,
      ]);
    }
    this.counts.updated++;
    return { ...next, id: current.id, batch_id: current.batch_id, updated_at: this.importedAt };
  }

  private flush(): void {
    if (this.leadValues.length > 0) insertLeadRows(this.db, this.leadValues);
    if (this.eventValues.length > 0) insertStageEventRows(this.db, this.eventValues);
    this.leadValues = [];
    this.eventValues = [];
    this.pending.clear();
  }
}

function remember(
  byExternalId: Map<string, StoredLead | number>,
  byEmail: Map<string, StoredLead | number>,
  lead: StoredLead,
): void {
  if (lead.external_id !== null) byExternalId.set(lead.external_id, lead);
  if (lead.email !== null) byEmail.set(lead.email, lead);
}

function snapshot(lead: StoredLead): LeadSnapshot {
  const { id: _id, batch_id: _batch, ...values } = lead;
  return values;
}

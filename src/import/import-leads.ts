import {
  createdAtBlank,
  extrasWidth,
  incomingLeadAt,
  type RowValue,
} from "../csv/lead-row-layout.js";
import { mergeIncoming } from "../domain/lead-merge.js";
import { rebuildCells } from "../domain/rebuild-cells.js";
import type { Stage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import { engineImport } from "../store/engine.js";
import {
  deleteRevision,
  type LeadSnapshot,
  revisionOf,
  saveRevision,
} from "../store/lead-revisions.js";
import {
  findLeadByEmail,
  findLeadByExternalId,
  getLeadById,
  recomputeLeadStages,
  type StoredLead,
  updateLead,
} from "../store/leads.js";
import { listReps } from "../store/reps.js";
import { insertStageEvent, moveCreationEvent } from "../store/stage-events.js";
import type { Store } from "../store/store.js";
import { type BatchContext, importBatch, type RowTally, type RowWriter } from "./import-batch.js";
import type { ImportCounts } from "./import-counts.js";
import type { LeadBatch } from "./lead-format.js";
import type { ColumnUse } from "./row-batches.js";

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
  readonly kind: "leads";
  /** Rows that matched a lead already in the database or earlier in the file. */
  readonly duplicates: number;
  readonly onDuplicate: OnDuplicate;
  /** New leads without a created date: created at the import. */
  readonly undated: number;
}

// Below this a worker thread costs more to start than parsing in place saves.
const workerThresholdBytes = 4 << 20;
// A generous row size, so that the estimate of a file's leads errs low.
const bytesPerLeadEstimate = 250;

/**
 * Imports a leads CSV as one batch (see importBatch); a large file is read in a worker thread
 * while this one writes.
 */
export async function importLeads(
  store: Store,
  options: ImportLeadsOptions,
): Promise<ImportSummary> {
  const onDuplicate = options.onDuplicate ?? "update";
  const dryRun = options.dryRun ?? false;
  let writer: LeadBatchWriter | undefined;
  const summary = await importBatch(store, {
    kind: "leads",
    file: options.file,
    map: options.map,
    dateFormat: options.dateFormat,
    delimiter: options.delimiter,
    options: { source: options.source, stage: options.stage, onDuplicate },
    rejects: options.rejects,
    dryRun,
    now: options.now ?? (() => new Date()),
    signal: options.signal,
    onProgress: options.onProgress,
    threadedFrom: workerThresholdBytes,
    settings: async ({ tx, batchId, importedAt }) => ({
      kind: "leads",
      dateFormat: options.dateFormat,
      defaultSource: options.source,
      defaultStage: options.stage,
      reps: (await listReps(tx)).map(({ handle, name, email }) => ({ handle, name, email })),
      batchId,
      importedAt,
    }),
    writer: async (context) => {
      // Rows a large file holds, roughly (a CRM export's row is some 150-250 bytes).
      await engineImport(context.tx).beginLeadImport(
        context.size >= workerThresholdBytes ? context.size / bytesPerLeadEstimate : 0,
      );
      writer = new LeadBatchWriter(context, onDuplicate, dryRun);
      return writer;
    },
  });
  return {
    ...summary,
    kind: "leads",
    duplicates: writer?.duplicates ?? 0,
    onDuplicate,
    undated: summary.applied ? (writer?.undated ?? 0) : 0,
  };
}

/**
 * Applies batches of parsed rows to the database, in file order. New leads go in through the
 * engine's bulk insert (with their creation events), once per run of rows up to a row whose
 * email or external id is taken already; that row is matched (external id first, then email)
 * and merged on its own, keeping what it overwrote so the batch can be reverted. A lead
 * already there that several rows change counts as unchanged when they leave it as it was
 * (the file's rows for it merged first, then compared).
 */
class LeadBatchWriter implements RowWriter {
  duplicates = 0;
  undated = 0;
  private columns: readonly ColumnUse[] = [];
  /** Leads that were here before and more than one row changed: rows counted updated, by id. */
  private readonly changedAgain = new Map<number, number>();

  constructor(
    private readonly context: BatchContext & { size: number },
    private readonly onDuplicate: OnDuplicate,
    private readonly dryRun: boolean,
  ) {}

  async header(columns: readonly ColumnUse[]): Promise<void> {
    this.columns = columns;
  }

  async write(values: unknown, lines: readonly number[], tally: RowTally): Promise<void> {
    const { rows, extras } = values as LeadBatch;
    const { tx, batchId } = this.context;
    const count = lines.length;
    for (let row = 0; row < count; ) {
      const next = row + (await engineImport(tx).insertNewLeads({ rows, extras, batchId }, row));
      for (; row < next; row++) {
        tally.count("inserted");
        if ((extras[row * extrasWidth + 1] as number) & createdAtBlank) this.undated++;
      }
      if (row === count) break;
      // Rows apply in file order: this one may change a lead inserted just before.
      await this.applyDuplicate(rows, extras, row, lines[row] ?? 0, tally);
      row++;
    }
  }

  /**
   * Leads several rows changed and left as they were before the import count as unchanged:
   * their snapshot goes, and so does the import's time as their last update.
   */
  async finish(tally: RowTally): Promise<void> {
    const { tx, batchId } = this.context;
    for (const [id, rows] of this.changedAgain) {
      const before = await revisionOf(tx, batchId, id);
      const lead = await getLeadById(tx, id);
      if (before === undefined || lead === undefined) continue;
      const { updated_at, ...values } = before;
      if (!sameLead(values, snapshot(lead))) continue;
      await updateLead(tx, id, values, updated_at);
      await deleteRevision(tx, batchId, id);
      tally.recount("updated", "unchanged", rows);
    }
    // A dry run rolls back, which brings the index back without building it.
    if (!this.dryRun) await engineImport(tx).finishLeadImport();
  }

  /** A row whose key is taken: reject a conflict, or stop, skip or merge per --on-duplicate. */
  private async applyDuplicate(
    rows: readonly RowValue[],
    extras: readonly RowValue[],
    row: number,
    line: number,
    tally: RowTally,
  ): Promise<void> {
    const { tx, batchId, importedAt } = this.context;
    const incoming = incomingLeadAt(rows, extras, row);
    const byId =
      incoming.external_id === null
        ? undefined
        : await findLeadByExternalId(tx, incoming.external_id);
    const byMail = incoming.email === null ? undefined : await findLeadByEmail(tx, incoming.email);
    let conflict: string | undefined;
    if (byId === undefined && byMail !== undefined && byMail.external_id !== null) {
      conflict = `email "${incoming.email}" belongs to another lead (external id "${byMail.external_id}")`;
    } else if (byId !== undefined && byMail !== undefined && byMail.id !== byId.id) {
      conflict = `email "${incoming.email}" belongs to another lead (id ${byMail.id})`;
    }
    const match = byId ?? byMail;
    if (conflict !== undefined || match === undefined) {
      tally.reject(
        line,
        rebuildCells(this.columns, incoming),
        conflict ?? "conflicts with another lead",
      );
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
      tally.count("unchanged");
      return;
    }
    const { next, changed, stageChange } = mergeIncoming(match, incoming);
    if (!changed) {
      tally.count("unchanged");
      return;
    }
    // A lead that was here before: the first change keeps what it was; a later one may undo it.
    if (match.batch_id !== batchId && !(await saveRevision(tx, batchId, match.id, snapshot(match))))
      this.changedAgain.set(match.id, (this.changedAgain.get(match.id) ?? 1) + 1);
    await updateLead(tx, match.id, next, importedAt);
    if (next.created_at !== match.created_at) {
      // An earlier created date: the lead's first event moves with it.
      await moveCreationEvent(tx, match.id, match.created_at, next.created_at);
      await recomputeLeadStages(tx, [match.id]);
    }
    if (stageChange !== null) {
      await insertStageEvent(tx, {
        leadId: match.id,
        from: stageChange.from,
        to: stageChange.to,
        at: importedAt,
        actor: "import",
        reason: stageChange.reason,
        batchId,
      });
    }
    tally.count("updated");
  }
}

function snapshot(lead: StoredLead): LeadSnapshot {
  const { id: _id, batch_id: _batch, ...values } = lead;
  return values;
}

/** Whether two states of a lead hold the same values (its last update time aside). */
function sameLead(a: Omit<LeadSnapshot, "updated_at">, b: LeadSnapshot): boolean {
  const { updated_at: _at, ...values } = b;
  return JSON.stringify(a) === JSON.stringify(values);
}

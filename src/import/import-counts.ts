import type { BatchCounts } from "../store/import-batches.js";
import type { ColumnUse, UnfitValues } from "./row-batches.js";
import type { ImportKind } from "./row-format.js";

/** Rejected rows of one kind of reason: the first, and a few others that differ in their values. */
export interface RejectReason {
  readonly reason: string;
  readonly count: number;
  readonly firstLine: number;
  /** Other reasons of this kind as they were written, the first few, each with its first line. */
  readonly others: readonly { reason: string; line: number }[];
}

/** What every import of a file reports: counts that add up, its columns, its rejects and why. */
export interface ImportCounts extends BatchCounts {
  readonly kind: ImportKind;
  /** Undefined for a dry run, and for an import that rejected every row (nothing was kept). */
  readonly batchId: number | undefined;
  readonly file: string;
  readonly fileSize: number;
  readonly sha256: string;
  readonly dryRun: boolean;
  /** Every row was rejected: nothing was imported, and no batch recorded. */
  readonly allRejected: boolean;
  readonly columns: readonly ColumnUse[];
  readonly unfit: readonly UnfitValues[];
  /** Attribute columns whose values are all dates, when no column gives the kind's date. */
  readonly dateColumns: readonly string[];
  readonly rejectReasons: readonly RejectReason[];
  readonly rejectsFile: string | undefined;
  /** Earlier batches of these exact bytes, and whether they ran as this one (then nothing is applied again). */
  readonly previousImports: readonly {
    batchId: number;
    importedAt: string;
    sameOptions: boolean;
    rejected: number;
  }[];
  /** False when these bytes were imported before as this import would: nothing was applied again. */
  readonly applied: boolean;
  readonly warnings: readonly string[];
  readonly elapsedMs: number;
}

const examplesShown = 3;

/**
 * Counts rejects by the kind of their reason (its text without the quoted values and numbers),
 * keeping the first few reasons of each kind that differ.
 */
export class RejectTally {
  private readonly byKind = new Map<
    string,
    { count: number; examples: { reason: string; line: number }[] }
  >();

  add(reason: string, line: number): void {
    const kind = reason.replace(/"[^"]*"/g, '""').replace(/\d+/g, "N");
    const entry = this.byKind.get(kind);
    if (entry === undefined) {
      this.byKind.set(kind, { count: 1, examples: [{ reason, line }] });
      return;
    }
    entry.count++;
    if (
      entry.examples.length < examplesShown &&
      !entry.examples.some((example) => example.reason === reason)
    )
      entry.examples.push({ reason, line });
  }

  reasons(): RejectReason[] {
    return [...this.byKind.values()]
      .map(({ count, examples }) => ({
        reason: examples[0]?.reason ?? "",
        count,
        firstLine: examples[0]?.line ?? 0,
        others: examples.slice(1),
      }))
      .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  }
}

import type { BatchCounts } from "../store/import-batches-store.js";

export interface RejectReason {
  readonly reason: string;
  readonly count: number;
  readonly firstLine: number;
}

/** What every import of a file reports: counts that add up, where the rejects went, and why. */
export interface ImportCounts extends BatchCounts {
  readonly batchId: number | undefined;
  readonly file: string;
  readonly fileSize: number;
  readonly sha256: string;
  readonly dryRun: boolean;
  readonly rejectReasons: readonly RejectReason[];
  readonly rejectsFile: string | undefined;
  /** Earlier batches of these exact bytes. */
  readonly previousImports: readonly { batchId: number; importedAt: string }[];
  readonly elapsedMs: number;
}

/** Counts rejects by the shape of their reason (quoted values left out), keeping the first. */
export class RejectTally {
  private readonly byShape = new Map<
    string,
    { count: number; firstLine: number; example: string }
  >();

  add(reason: string, line: number): void {
    const shape = reason.replace(/"[^"]*"/g, '""').replace(/\d+/g, "N");
    const entry = this.byShape.get(shape);
    if (entry === undefined)
      this.byShape.set(shape, { count: 1, firstLine: line, example: reason });
    else entry.count++;
  }

  reasons(): RejectReason[] {
    return [...this.byShape.values()]
      .sort((a, b) => b.count - a.count || a.firstLine - b.firstLine)
      .map(({ example, count, firstLine }) => ({ reason: example, count, firstLine }));
  }
}

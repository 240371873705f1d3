import type { CommandContext } from "../cli/context.js";
import { readStore } from "../cli/with-store.js";
import { type Column, chooseOutput, deliver, renderRows } from "../render/formats.js";
import { textTable } from "../render/table.js";
import { listImportBatches } from "../store/import-batches.js";

interface BatchRow extends Record<string, string | number | null> {
  batch: number;
  kind: string;
  file: string;
  imported_at: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  status: string;
  sha256: string;
}

const columns: Column<BatchRow>[] = [
  { key: "batch", header: "batch", align: "right" },
  { key: "kind", header: "kind" },
  { key: "file", header: "file", priority: 1 },
  { key: "imported_at", header: "imported at", priority: 3 },
  { key: "read", header: "read", align: "right", priority: 2 },
  { key: "inserted", header: "inserted", align: "right" },
  { key: "updated", header: "updated", align: "right", priority: 4 },
  { key: "unchanged", header: "unchanged", align: "right", priority: 5 },
  { key: "rejected", header: "rejected", align: "right" },
  { key: "status", header: "status" },
];

export async function runImportList(
  options: { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const batches = await readStore(context, listImportBatches);
  const rows = batches.map(
    (batch): BatchRow => ({
      batch: batch.id,
      kind: batch.kind,
      file: batch.file_name,
      imported_at: batch.started_at,
      read: batch.rows_read,
      inserted: batch.inserted,
      updated: batch.updated,
      unchanged: batch.unchanged,
      rejected: batch.rejected,
      status: batch.reverted_at === null ? "imported" : `reverted ${batch.reverted_at}`,
      sha256: batch.sha256,
    }),
  );
  const allColumns =
    output.format === "table" || output.format === "md"
      ? columns
      : [...columns, { key: "sha256", header: "sha256", priority: 6 } as const];
  const text =
    rows.length === 0 && output.format === "table"
      ? "No imports yet. Import leads with: funnel import leads.csv\n"
      : renderRows(allColumns, rows, output.format, textTable, output.screen);
  deliver(text, output.out, (chunk) => context.stdout.write(chunk), output.format);
}

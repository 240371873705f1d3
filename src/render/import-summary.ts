import type { ImportSummary } from "../import/import-leads.js";
import { toCsvLine } from "./csv.js";
import { markdownTable, type OutputFormat } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

const shownReasons = 5;

/** The import's result: counts that add up, where the rejects went, and why rows were rejected. */
export function renderImportSummary(
  summary: ImportSummary,
  dbPath: string,
  format: OutputFormat,
): string {
  const counts: [string, number][] = [
    ["read", summary.rowsRead],
    ["inserted", summary.inserted],
    ["updated", summary.updated],
    ["unchanged", summary.unchanged],
    ["rejected", summary.rejected],
  ];
  if (format === "json") return `${JSON.stringify(summary, null, 2)}\n`;
  if (format === "csv") {
    return (
      toCsvLine(["measure", "value"]) +
      counts.map(([label, value]) => toCsvLine([label, value])).join("")
    );
  }
  if (format === "md") {
    return markdownTable(
      ["measure", "value"],
      counts.map(([label, value]) => [label, String(value)]),
      ["left", "right"],
    );
  }
  const lines: string[] = [];
  const verb = summary.dryRun ? "Dry run (nothing written): would import" : "Imported";
  const batch = summary.batchId === undefined ? "" : ` as batch ${summary.batchId}`;
  lines.push(`${verb} ${summary.file} into ${dbPath}${batch} in ${duration(summary.elapsedMs)}`);
  const width = Math.max(...counts.map(([, value]) => String(value).length));
  for (const [label, value] of counts) {
    let note = "";
    if (label === "unchanged" && summary.onDuplicate === "skip" && summary.duplicates > 0) {
      note = "  (duplicates skipped)";
    }
    if (label === "rejected" && summary.rejectsFile !== undefined)
      note = `  -> ${summary.rejectsFile}`;
    lines.push(`  ${label.padEnd(10)}${String(value).padStart(width)}${note}`);
  }
  lines.push(
    `  read ${summary.rowsRead} = inserted ${summary.inserted} + updated ${summary.updated} + unchanged ${summary.unchanged} + rejected ${summary.rejected}`,
  );
  if (summary.duplicates > 0) {
    lines.push(
      `  ${summary.duplicates} row(s) matched a lead already in the database or earlier in the file`,
    );
  }
  if (summary.rejectReasons.length > 0) {
    lines.push("Rejected rows, by reason:");
    for (const reason of summary.rejectReasons.slice(0, shownReasons)) {
      lines.push(
        `  ${String(reason.count).padStart(width)} x ${neutraliseControls(reason.reason)} (first at line ${reason.firstLine})`,
      );
    }
    const more = summary.rejectReasons.length - shownReasons;
    if (more > 0) lines.push(`  ... and ${more} other reason(s); see the rejects file`);
  }
  for (const previous of summary.previousImports) {
    lines.push(
      `Note: this exact file was imported before as batch ${previous.batchId} (${previous.importedAt}); rows that match are left as they are.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

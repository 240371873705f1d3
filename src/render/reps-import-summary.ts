import type { ImportRepsSummary } from "../import/import-reps.js";
import type { OutputFormat } from "./formats.js";
import { jsonDocument } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

export function renderRepsImportSummary(
  summary: ImportRepsSummary,
  dbPath: string,
  format: OutputFormat,
): string {
  if (format === "json") return jsonDocument(summary);
  const verb = summary.dryRun ? "Dry run (nothing written): would import" : "Imported";
  const batch = summary.batchId === undefined ? "" : ` as batch ${summary.batchId}`;
  const lines = [
    `${verb} reps from ${summary.file} into ${dbPath}${batch}`,
    `  read ${summary.rowsRead} = inserted ${summary.inserted} + updated ${summary.updated} + unchanged ${summary.unchanged} + rejected ${summary.rejected}`,
  ];
  if (summary.rejectsFile !== undefined) lines.push(`  rejected rows -> ${summary.rejectsFile}`);
  for (const reject of summary.reasons.slice(0, 5))
    lines.push(`  line ${reject.line}: ${reject.reason}`);
  // File names and reasons quote the CSV and argv.
  return neutraliseControls(`${lines.join("\n")}\n`);
}

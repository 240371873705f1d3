import type { ImportCounts } from "../import/import-counts.js";
import type { ImportSummary } from "../import/import-leads.js";
import { toCsvLine } from "./csv.js";
import { jsonDocument, markdownTable, type OutputFormat } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

const shownReasons = 5;

/** The lead import's result. */
export function renderImportSummary(
  summary: ImportSummary,
  dbPath: string,
  format: OutputFormat,
): string {
  const duplicates =
    summary.duplicates > 0
      ? [
          `${summary.duplicates} row(s) matched a lead already in the database or earlier in the file${summary.onDuplicate === "skip" ? " (skipped)" : ""}`,
        ]
      : [];
  return renderImportCounts(summary, {
    dbPath,
    format,
    what: "",
    notes: duplicates,
    again: "rows that match are left as they are",
  });
}

/**
 * An import's result in a format: JSON is the whole summary; CSV and Markdown the counts; the
 * table adds where rejects went, the kind's notes, the reasons, and earlier imports of the file.
 */
export function renderImportCounts(
  summary: ImportCounts,
  how: {
    dbPath: string;
    format: OutputFormat;
    /** What was imported, for the heading (`deals `), or empty for leads. */
    what: string;
    notes: readonly string[];
    /** What happened to the rows of a file imported before. */
    again: string;
  },
): string {
  const counts: [string, number][] = [
    ["read", summary.rowsRead],
    ["inserted", summary.inserted],
    ["updated", summary.updated],
    ["unchanged", summary.unchanged],
    ["rejected", summary.rejected],
  ];
  switch (how.format) {
    case "json":
      return jsonDocument(summary);
    case "csv":
      return toCsvLine(["measure", "value"]) + counts.map((count) => toCsvLine(count)).join("");
    case "md":
      return markdownTable(
        ["measure", "value"],
        counts.map(([label, value]) => [label, String(value)]),
        ["left", "right"],
      );
    case "table":
      break;
  }
  const verb = summary.dryRun ? "Dry run (nothing written): would import" : "Imported";
  const batch = summary.batchId === undefined ? "" : ` as batch ${summary.batchId}`;
  const lines = [
    `${verb} ${how.what === "" ? "" : `${how.what} from `}${summary.file} into ${how.dbPath}${batch} in ${duration(summary.elapsedMs)}`,
  ];
  const width = Math.max(...counts.map(([, value]) => String(value).length));
  for (const [label, value] of counts) {
    const note =
      label === "rejected" && summary.rejectsFile !== undefined
        ? `  -> ${summary.rejectsFile}`
        : "";
    lines.push(`  ${label.padEnd(10)}${String(value).padStart(width)}${note}`);
  }
  lines.push(
    `  read ${summary.rowsRead} = inserted ${summary.inserted} + updated ${summary.updated} + unchanged ${summary.unchanged} + rejected ${summary.rejected}`,
  );
  for (const note of how.notes) lines.push(`  ${note}`);
  if (summary.rejectReasons.length > 0) {
    lines.push("Rejected rows, by reason:");
    for (const reason of summary.rejectReasons.slice(0, shownReasons))
      lines.push(
        `  ${String(reason.count).padStart(width)} x ${reason.reason} (first at line ${reason.firstLine})`,
      );
    const more = summary.rejectReasons.length - shownReasons;
    if (more > 0) lines.push(`  ... and ${more} other reason(s); see the rejects file`);
  }
  for (const previous of summary.previousImports)
    lines.push(
      `Note: this exact file was imported before as batch ${previous.batchId} (${previous.importedAt}); ${how.again}.`,
    );
  // File names, notes and reasons quote the CSV and argv.
  return neutraliseControls(`${lines.join("\n")}\n`);
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

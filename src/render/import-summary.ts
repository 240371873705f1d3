import type { ImportCounts } from "../import/import-counts.js";
import type { ImportDealsSummary } from "../import/import-deals.js";
import type { ImportSummary } from "../import/import-leads.js";
import type { ImportQuotasSummary } from "../import/import-quotas.js";
import type { ImportRepsSummary } from "../import/import-reps.js";
import type { ColumnUse } from "../import/row-batches.js";
import { toCsvLine } from "./csv.js";
import { jsonDocument, markdownTable, type OutputFormat } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

export type AnyImportSummary =
  | ImportSummary
  | ImportDealsSummary
  | ImportQuotasSummary
  | ImportRepsSummary;

const shownReasons = 5;

/**
 * An import's result, the same for every kind: JSON is the whole summary; CSV and Markdown the
 * counts; the table adds where rejects went, the kind's notes, how each column was used, values
 * kept aside, the reasons rows were rejected, and earlier imports of the same bytes.
 */
export function renderImportSummary(
  summary: AnyImportSummary,
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
  switch (format) {
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
  const batch = summary.batchId === undefined ? "" : ` as batch ${summary.batchId}`;
  const lines = [
    summary.allRejected
      ? summary.dryRun
        ? `Dry run (nothing written): would import nothing from ${summary.file} into ${dbPath}: every row would be rejected`
        : `Imported nothing from ${summary.file} into ${dbPath}: every row was rejected`
      : `${summary.dryRun ? "Dry run (nothing written): would import" : "Imported"} ${summary.kind} from ${summary.file} into ${dbPath}${batch} in ${duration(summary.elapsedMs)}`,
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
  for (const note of kindNotes(summary)) lines.push(`  ${note}`);
  lines.push(...columnLines(summary));
  if (summary.unfit.length > 0) {
    const kept = keepsAttributes(summary)
      ? "kept as attributes of their rows"
      : "left out of their rows";
    lines.push(
      `Values that do not fit their field, ${kept} (--map "Header=field" rejects their rows instead):`,
    );
    for (const unfit of summary.unfit)
      lines.push(`  ${unfit.count} x ${unfit.reason} (first at line ${unfit.line})`);
  }
  if (summary.rejectReasons.length > 0) {
    lines.push("Rejected rows, by reason:");
    for (const reason of summary.rejectReasons.slice(0, shownReasons)) {
      lines.push(
        `  ${String(reason.count).padStart(width)} x ${reason.reason} (first at line ${reason.firstLine})`,
      );
      if (reason.others.length > 0)
        lines.push(
          `  ${" ".repeat(width)}   also ${reason.others.map((other) => `${differingPart(reason.reason, other.reason)} (line ${other.line})`).join(", ")}`,
        );
    }
    const more = summary.rejectReasons.length - shownReasons;
    if (more > 0) lines.push(`  ... and ${more} other reason(s); see the rejects file`);
  }
  if (!summary.allRejected)
    for (const previous of summary.previousImports)
      lines.push(previousImportNote(summary, previous));
  // File names, headers, notes and reasons quote the CSV and argv.
  return neutraliseControls(`${lines.join("\n")}\n`);
}

/** What only this kind of import tells. */
function kindNotes(summary: AnyImportSummary): string[] {
  switch (summary.kind) {
    case "leads":
      return [
        ...(summary.duplicates > 0
          ? [
              `${summary.duplicates} row(s) matched a lead already in the database or earlier in the file${summary.onDuplicate === "skip" ? " (skipped)" : ""}`,
            ]
          : []),
        ...undatedNote(summary, summary.undated, {
          field: "created_at",
          what: "lead",
          date: "created date",
          fallback: "created at the import",
        }),
      ];
    case "deals": {
      const notes: string[] = [];
      if (summary.unknownStages.length > 0) {
        const total = summary.unknownStages.reduce((sum, entry) => sum + entry.deals, 0);
        const stages = summary.unknownStages.map((entry) => `${entry.stage} (${entry.deals})`);
        notes.push(
          `kept ${total} deal(s) at stages the pipeline does not know: ${stages.join(", ")}; add them to pipeline.stages in the configuration (funnel config export, then funnel config load)`,
        );
      }
      if (summary.repsCreated.length > 0) {
        const reps = summary.repsCreated.map((rep) => `${rep.handle} (${rep.name})`);
        notes.push(`created ${reps.length} rep(s) as ae: ${reps.join(", ")}`);
      }
      if (summary.leadsMoved > 0)
        notes.push(
          `moved ${summary.leadsMoved} lead(s) to opportunity or customer with their deals`,
        );
      if (summary.duplicates > 0) {
        const skipped = summary.onDuplicate === "skip" ? " (skipped)" : "";
        notes.push(
          `${summary.duplicates} row(s) matched a deal already in the database or earlier in the file${skipped}`,
        );
      }
      notes.push(
        ...undatedNote(summary, summary.undated, {
          field: "opened_at",
          what: "deal",
          date: "open date",
          fallback: "opened at the import",
        }),
      );
      return notes;
    }
    case "reps": {
      const notes: string[] = [];
      if (summary.defaultRole.reps > 0)
        notes.push(
          `${summary.defaultRole.reps} new rep(s) have no role: added as ${summary.defaultRole.role} (--role, or a Role column, gives another)`,
        );
      for (const { manager, reps } of summary.linked)
        notes.push(`${reps.join(", ")} now report(s) to ${manager}, whom they named as manager`);
      return notes;
    }
    case "quotas":
      return [];
  }
}

/**
 * New records the file gives no date for, which get the import time: how many, and when no
 * column gives that date at all, the columns that hold dates and the --map that would use one.
 */
function undatedNote(
  summary: ImportCounts,
  undated: number,
  words: { field: string; what: string; date: string; fallback: string },
): string[] {
  if (undated === 0) return [];
  const noColumn = !summary.columns.some((column) => column.field === words.field);
  const notes = [
    `${undated} ${words.what}(s) have no ${words.date}: ${words.fallback}${noColumn ? ` (no column gives a ${words.what}'s ${words.date})` : ""}`,
  ];
  const [first] = summary.dateColumns;
  if (noColumn && first !== undefined)
    notes.push(
      `columns that hold dates: ${summary.dateColumns.join(", ")}; --map "${first}=${words.field}" gives the ${words.date} from one`,
    );
  return notes;
}

/** How each column of the file was used. */
function columnLines(summary: AnyImportSummary): string[] {
  if (summary.columns.length === 0) return [];
  // A column without a header is named as its attribute is (`column 9`).
  const names = summary.columns.map((column) => column.header || column.attribute);
  const width = Math.min(30, Math.max(...names.map((name) => name.length)));
  const lines = ["Columns:"];
  summary.columns.forEach((column, index) => {
    lines.push(`  ${(names[index] ?? "").padEnd(width)}  ${columnUse(column, summary)}`);
  });
  return lines;
}

function columnUse(column: ColumnUse, summary: AnyImportSummary): string {
  const byMap = column.how === "map" ? " (--map)" : "";
  if (column.field !== null) return `-> ${column.field}${byMap}`;
  if (column.ignored) return `ignored${byMap}`;
  const aside = keepsAttributes(summary) ? "kept as an attribute" : "ignored";
  if (column.unfit !== null) {
    const { rows, fit, reason, line } = column.unfit;
    return `${aside}: ${rows - fit} of its ${rows} values do not fit ${column.looksLike} (line ${line}: ${reason}); --map "${column.header}=${column.looksLike}" takes it anyway, rejecting the rows that do not fit`;
  }
  if (column.looksLike !== null)
    return `${aside} (it looks like ${column.looksLike} too; --map "${column.header}=${column.looksLike}" uses it instead)`;
  return keepsAttributes(summary)
    ? `kept as an attribute${byMap}`
    : `ignored (not a ${summary.kind.slice(0, -1)} field)`;
}

/** Reps and quotas have no attributes to keep other columns in. */
function keepsAttributes(summary: AnyImportSummary): boolean {
  return summary.kind === "leads" || summary.kind === "deals";
}

/**
 * Another reason of the same kind as `first`, by what differs: its quoted values (`"2026-02-30"`),
 * or the whole reason when it quotes nothing.
 */
function differingPart(first: string, other: string): string {
  const quoted = (text: string) => text.match(/"[^"]*"/g) ?? [];
  const mine = quoted(first);
  const theirs = quoted(other);
  const differing = theirs.filter((value, index) => value !== mine[index]);
  return differing.length > 0 ? differing.join(" ") : other;
}

function previousImportNote(
  summary: ImportCounts,
  previous: ImportCounts["previousImports"][number],
): string {
  const before = `Note: this exact file was imported before as batch ${previous.batchId} (${previous.importedAt})`;
  if (!summary.applied)
    return `${before} with the same options; nothing in it was applied again (revert batch ${previous.batchId} to import it anew).`;
  const why = !previous.sameOptions
    ? "with other options"
    : previous.rejected > 0
      ? `and ${previous.rejected} row(s) were rejected then`
      : "and rows are rejected now";
  return `${before} ${why}; its rows were applied again, as counted above.`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

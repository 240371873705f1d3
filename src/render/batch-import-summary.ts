import type { CsvBatchSummary } from "../import/csv-batch.js";
import type { ImportDealsSummary } from "../import/import-deals.js";
import type { ImportQuotasSummary } from "../import/import-quotas.js";
import type { OutputFormat } from "./formats.js";
import { renderImportCounts } from "./import-summary.js";

export function renderDealsImportSummary(
  summary: ImportDealsSummary,
  dbPath: string,
  format: OutputFormat,
): string {
  const notes: string[] = [];
  if (summary.unknownStages.length > 0) {
    const total = summary.unknownStages.reduce((sum, entry) => sum + entry.deals, 0);
    const stages = summary.unknownStages.map((entry) => `${entry.stage} (${entry.deals})`);
    notes.push(
      `kept ${total} deal(s) at stages the pipeline does not know: ${stages.join(", ")}; add them to funnel.config.json pipeline.stages`,
    );
  }
  if (summary.repsCreated.length > 0) {
    const reps = summary.repsCreated.map((rep) => `${rep.handle} (${rep.name})`);
    notes.push(`created ${reps.length} rep(s) as ae: ${reps.join(", ")}`);
  }
  if (summary.leadsMoved > 0)
    notes.push(`moved ${summary.leadsMoved} lead(s) to opportunity or customer with their deals`);
  if (summary.duplicates > 0) {
    const skipped = summary.onDuplicate === "skip" ? " (skipped)" : "";
    notes.push(
      `${summary.duplicates} row(s) matched a deal already in the database or earlier in the file${skipped}`,
    );
  }
  return renderBatchImportSummary(summary, dbPath, format, notes);
}

function renderBatchImportSummary(
  summary: CsvBatchSummary,
  dbPath: string,
  format: OutputFormat,
  notes: readonly string[],
): string {
  return renderImportCounts(summary, {
    dbPath,
    format,
    what: summary.kind,
    notes,
    again: `nothing in it was applied again (revert batch ${summary.previousImports[0]?.batchId} to import it anew)`,
  });
}

export function renderQuotasImportSummary(
  summary: ImportQuotasSummary,
  dbPath: string,
  format: OutputFormat,
): string {
  return renderBatchImportSummary(summary, dbPath, format, []);
}

import type { CommandContext } from "../cli/context.js";
import { withDatabaseAsync } from "../cli/with-database.js";
import { canUseWorker } from "../csv/lead-reader.js";
import type { RepRole } from "../domain/reps.js";
import type { Stage } from "../domain/stages.js";
import { UsageError } from "../errors.js";
import { importLeadsInWorker } from "../import/import-in-worker.js";
import { importLeads } from "../import/import-leads.js";
import { chooseOutput, deliver } from "../render/formats.js";
import { renderImportSummary } from "../render/import-summary.js";
import { ProgressBar } from "../render/progress.js";
import { renderRepsImportSummary } from "../render/reps-import-summary.js";

interface ImportCommandOptions {
  type: "leads" | "reps";
  role?: RepRole;
  map?: string[];
  source?: string;
  stage?: Stage;
  dateFormat?: string;
  delimiter?: string;
  onDuplicate: "update" | "skip" | "error";
  rejects?: string;
  dryRun?: boolean;
  format?: string;
  json?: boolean;
  out?: string;
}

/** Large enough that a progress bar is worth showing. */
const progressThreshold = 8 << 20;

export async function runImport(
  file: string,
  options: ImportCommandOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  refuseOptionsOfOtherType(options);
  if (options.type === "reps") {
    const { importReps } = await import("../import/import-reps.js");
    const summary = await withDatabaseAsync(context, (db) =>
      importReps(db, {
        file,
        role: options.role,
        rejects: options.rejects,
        dryRun: options.dryRun === true,
      }),
    );
    deliver(renderRepsImportSummary(summary, context.dbPath, output.format), output.out, (text) =>
      context.stdout.write(text),
    );
    return;
  }
  const delimiter =
    options.delimiter === "\\t" || options.delimiter === "tab" ? "\t" : options.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) {
    throw new UsageError(
      `--delimiter must be one character (or "tab"), not "${options.delimiter}"`,
    );
  }
  const progress =
    context.stderr.isTTY === true ? new ProgressBar(context.stderr, "importing") : undefined;
  const controller = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C means now: SQLite drops the unfinished transaction on its own.
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const importOptions = {
      file,
      map: options.map,
      source: options.source,
      stage: options.stage,
      dateFormat: options.dateFormat,
      delimiter,
      onDuplicate: options.onDuplicate,
      rejects: options.rejects,
      dryRun: options.dryRun === true,
    };
    const onProgress = (done: number, total: number) => {
      if (total >= progressThreshold) progress?.update(done, total);
    };
    // From the compiled build, the import runs in its own thread with its own heap limits.
    const summary = canUseWorker()
      ? await importLeadsInWorker(context.dbPath, importOptions, {
          signal: controller.signal,
          onProgress,
        })
      : await withDatabaseAsync(context, (db) =>
          importLeads(db, { ...importOptions, signal: controller.signal, onProgress }),
        );
    progress?.clear();
    for (const warning of summary.warnings) context.stderr.write(`funnel: warning: ${warning}\n`);
    deliver(renderImportSummary(summary, context.dbPath, output.format), output.out, (text) =>
      context.stdout.write(text),
    );
  } finally {
    progress?.clear();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Options of the other --type would be ignored without a word: refuse them instead. */
function refuseOptionsOfOtherType(options: ImportCommandOptions): void {
  const given =
    options.type === "reps"
      ? [
          options.map !== undefined && "--map",
          options.source !== undefined && "--source",
          options.stage !== undefined && "--stage",
          options.dateFormat !== undefined && "--date-format",
          options.delimiter !== undefined && "--delimiter",
          options.onDuplicate !== "update" && "--on-duplicate",
        ]
      : [options.role !== undefined && "--role"];
  const ignored = given.filter((flag): flag is string => flag !== false);
  if (ignored.length > 0) {
    const verb = ignored.length === 1 ? "does" : "do";
    throw new UsageError(`${ignored.join(", ")} ${verb} not apply to --type ${options.type}`);
  }
}

import type { CommandContext } from "../cli/context.js";
import { interruptible } from "../cli/interruptible.js";
import { withDatabase, withDatabaseAsync } from "../cli/with-database.js";
import { canUseWorker } from "../csv/lead-reader.js";
import { dateFormatProblem } from "../domain/dates.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import type { RepRole } from "../domain/reps.js";
import { isStage, parseStageName, type Stage, stages } from "../domain/stages.js";
import { UsageError } from "../errors.js";
import { importLeadsInWorker } from "../import/import-in-worker.js";
import { importLeads } from "../import/import-leads.js";
import { chooseOutput, deliver, type OutputChoice } from "../render/formats.js";
import { renderImportSummary } from "../render/import-summary.js";
import { ProgressBar } from "../render/progress.js";
import { renderRepsImportSummary } from "../render/reps-import-summary.js";
import { oneLine } from "../render/terminal.js";

type ImportType = "leads" | "deals" | "quotas" | "reps";

interface ImportCommandOptions {
  type: ImportType;
  role?: RepRole;
  map?: string[];
  source?: string;
  stage?: string;
  owner?: string;
  createReps?: boolean;
  metric?: QuotaMetric;
  config?: string;
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
  const delimiter = parseDelimiter(options.delimiter);
  const dateFormatWrong =
    options.dateFormat === undefined ? undefined : dateFormatProblem(options.dateFormat);
  if (dateFormatWrong !== undefined)
    throw new UsageError(
      `--date-format "${options.dateFormat}" ${dateFormatWrong}, e.g. MM/dd/yyyy`,
    );
  switch (options.type) {
    case "reps":
      return importRepsFile(file, options, context, output);
    case "deals":
      return interruptible((signal) =>
        importDealsFile(file, options, delimiter, context, output, signal),
      );
    case "quotas":
      return interruptible((signal) =>
        importQuotasFile(file, options, delimiter, context, output, signal),
      );
    case "leads":
      return interruptible((signal) =>
        importLeadsFile(
          file,
          { ...options, stage: leadStage(options.stage) },
          delimiter,
          context,
          output,
          signal,
        ),
      );
  }
}

async function importRepsFile(
  file: string,
  options: ImportCommandOptions,
  context: CommandContext,
  output: OutputChoice,
): Promise<void> {
  const { importReps } = await import("../import/import-reps.js");
  const summary = await withDatabaseAsync(context, (db) =>
    importReps(db, {
      file,
      role: options.role,
      rejects: options.rejects,
      dryRun: options.dryRun === true,
    }),
  );
  report(
    summary.warnings,
    renderRepsImportSummary(summary, context.dbPath, output.format),
    output,
    context,
  );
}

async function importDealsFile(
  file: string,
  options: ImportCommandOptions,
  delimiter: string | undefined,
  context: CommandContext,
  output: OutputChoice,
  signal: AbortSignal,
): Promise<void> {
  const stage = nonEmpty("--stage", options.stage);
  const owner = nonEmpty("--owner", options.owner);
  const { loadPipeline } = await import("../cli/pipeline-config.js");
  const pipeline = loadPipeline(options.config, context);
  const { importDeals } = await import("../import/import-deals.js");
  const { renderDealsImportSummary } = await import("../render/batch-import-summary.js");
  const summary = await withDatabaseAsync(context, (db) =>
    importDeals(db, {
      file,
      pipeline,
      map: options.map,
      stage,
      owner,
      createReps: options.createReps === true,
      dateFormat: options.dateFormat,
      delimiter,
      onDuplicate: options.onDuplicate,
      rejects: options.rejects,
      dryRun: options.dryRun === true,
      signal,
    }),
  );
  report(
    summary.warnings,
    renderDealsImportSummary(summary, context.dbPath, output.format),
    output,
    context,
  );
}

async function importQuotasFile(
  file: string,
  options: ImportCommandOptions,
  delimiter: string | undefined,
  context: CommandContext,
  output: OutputChoice,
  signal: AbortSignal,
): Promise<void> {
  const { importQuotas } = await import("../import/import-quotas.js");
  const { renderQuotasImportSummary } = await import("../render/batch-import-summary.js");
  const summary = await withDatabaseAsync(context, (db) =>
    importQuotas(db, {
      file,
      map: options.map,
      metric: options.metric,
      delimiter,
      rejects: options.rejects,
      dryRun: options.dryRun === true,
      signal,
    }),
  );
  report(
    summary.warnings,
    renderQuotasImportSummary(summary, context.dbPath, output.format),
    output,
    context,
  );
}

async function importLeadsFile(
  file: string,
  options: Omit<ImportCommandOptions, "stage"> & { stage: Stage | undefined },
  delimiter: string | undefined,
  context: CommandContext,
  output: OutputChoice,
  signal: AbortSignal,
): Promise<void> {
  const progress =
    context.stderr.isTTY === true ? new ProgressBar(context.stderr, "importing") : undefined;
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
    // From the compiled build, the import runs in its own thread with its own heap limits. That
    // thread opens the database as it is: a new one gets its configuration here first.
    if (canUseWorker()) withDatabase(context, () => undefined);
    const summary = canUseWorker()
      ? await importLeadsInWorker(context.dbPath, importOptions, { signal, onProgress })
      : await withDatabaseAsync(context, (db) =>
          importLeads(db, { ...importOptions, signal, onProgress }),
        );
    progress?.clear();
    report(
      summary.warnings,
      renderImportSummary(summary, context.dbPath, output.format),
      output,
      context,
    );
  } finally {
    progress?.clear();
  }
}

function parseDelimiter(option: string | undefined): string | undefined {
  const delimiter = option === "\\t" || option === "tab" ? "\t" : option;
  if (delimiter !== undefined && delimiter.length !== 1)
    throw new UsageError(`--delimiter must be one character (or "tab"), not "${option}"`);
  return delimiter;
}

/** `--stage` of a lead import: a lead stage, by its name or a CRM's wording of it. */
function leadStage(text: string | undefined): Stage | undefined {
  if (text === undefined) return undefined;
  const stage = isStage(text) ? text : parseStageName(text);
  if (stage === undefined)
    throw new UsageError(`--stage "${text}" is not a lead stage (known: ${stages.join(", ")})`);
  return stage;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === "") throw new UsageError(`${flag} needs a value`);
  return value?.trim();
}

/** The --type values each option applies to. */
const optionTypes: readonly [string, (options: ImportCommandOptions) => boolean, ImportType[]][] = [
  ["--map", (o) => o.map !== undefined, ["leads", "deals", "quotas"]],
  ["--source", (o) => o.source !== undefined, ["leads"]],
  ["--stage", (o) => o.stage !== undefined, ["leads", "deals"]],
  ["--owner", (o) => o.owner !== undefined, ["deals"]],
  ["--create-reps", (o) => o.createReps === true, ["deals"]],
  ["--config", (o) => o.config !== undefined, ["deals"]],
  ["--metric", (o) => o.metric !== undefined, ["quotas"]],
  ["--role", (o) => o.role !== undefined, ["reps"]],
  ["--date-format", (o) => o.dateFormat !== undefined, ["leads", "deals"]],
  ["--delimiter", (o) => o.delimiter !== undefined, ["leads", "deals", "quotas"]],
  ["--on-duplicate", (o) => o.onDuplicate !== "update", ["leads", "deals"]],
];

/** Options of another --type would be ignored without a word: refuse them instead. */
function refuseOptionsOfOtherType(options: ImportCommandOptions): void {
  const ignored = optionTypes
    .filter(([, given, types]) => given(options) && !types.includes(options.type))
    .map(([flag]) => flag);
  if (ignored.length > 0) {
    const verb = ignored.length === 1 ? "does" : "do";
    throw new UsageError(`${ignored.join(", ")} ${verb} not apply to --type ${options.type}`);
  }
}

/** Warnings to stderr, the summary to stdout (or --out). */
function report(
  warnings: readonly string[],
  summary: string,
  output: OutputChoice,
  context: CommandContext,
): void {
  for (const warning of warnings) context.stderr.write(`funnel: warning: ${oneLine(warning)}\n`);
  deliver(summary, output.out, (text) => context.stdout.write(text), output.format);
}

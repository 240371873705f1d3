import { existsSync } from "node:fs";
import type { CommandContext } from "../cli/context.js";
import { interruptible } from "../cli/interruptible.js";
import { withStore } from "../cli/with-store.js";
import { dateFormatProblem } from "../domain/dates.js";
import type { QuotaMetric } from "../domain/quota-metrics.js";
import type { RepRole } from "../domain/reps.js";
import { isStage, parseStageName, type Stage, stages } from "../domain/stages.js";
import { UsageError, UserError } from "../errors.js";
import { importLeadsInWorker } from "../import/import-in-worker.js";
import {
  type ImportLeadsOptions,
  type ImportSummary,
  importLeads,
} from "../import/import-leads.js";
import { canUseWorker } from "../import/row-reader.js";
import { chooseOutput, deliver } from "../render/formats.js";
import { type AnyImportSummary, renderImportSummary } from "../render/import-summary.js";
import { ProgressBar } from "../render/progress.js";
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
  const leadStageOption = options.type === "leads" ? leadStage(options.stage) : undefined;
  const stage = nonEmpty("--stage", options.stage);
  const owner = nonEmpty("--owner", options.owner);
  const scratch = dryRunWithoutDatabase(context, options.dryRun === true);
  const common = {
    file,
    map: options.map,
    dateFormat: options.dateFormat,
    delimiter,
    rejects: options.rejects,
    dryRun: options.dryRun === true,
  };
  const summary: AnyImportSummary = await interruptible(async (signal) => {
    switch (options.type) {
      case "leads":
        return importLeadsFile(
          {
            ...common,
            source: options.source,
            stage: leadStageOption,
            onDuplicate: options.onDuplicate,
          },
          context,
          signal,
          scratch,
        );
      case "deals": {
        const { loadPipeline } = await import("../cli/pipeline-config.js");
        const pipeline = await loadPipeline(options.config, context, { scratch });
        const { importDeals } = await import("../import/import-deals.js");
        return withStore(
          context,
          (store) =>
            importDeals(store, {
              ...common,
              pipeline,
              stage,
              owner,
              createReps: options.createReps === true,
              onDuplicate: options.onDuplicate,
              signal,
            }),
          { scratch },
        );
      }
      case "quotas": {
        const { importQuotas } = await import("../import/import-quotas.js");
        return withStore(
          context,
          (store) => importQuotas(store, { ...common, metric: options.metric, signal }),
          { scratch },
        );
      }
      case "reps": {
        const { importReps } = await import("../import/import-reps.js");
        return withStore(
          context,
          (store) => importReps(store, { ...common, role: options.role, signal }),
          { scratch },
        );
      }
    }
  });
  for (const warning of summary.warnings)
    context.stderr.write(`funnel: warning: ${oneLine(warning)}\n`);
  deliver(
    renderImportSummary(summary, context.dbPath, output.format),
    output.out,
    (text) => context.stdout.write(text),
    output.format,
  );
  if (summary.allRejected && summary.dryRun)
    throw new UserError(`every row of ${file} would be rejected`, "see the reasons above");
  if (summary.allRejected)
    throw new UserError(
      `every row of ${file} was rejected, so nothing was imported`,
      summary.rejectsFile === undefined
        ? "see the reasons above"
        : `fix the rows in ${summary.rejectsFile} and import that file`,
    );
}

async function importLeadsFile(
  options: Omit<ImportLeadsOptions, "signal" | "onProgress" | "now">,
  context: CommandContext,
  signal: AbortSignal,
  scratch: boolean,
): Promise<ImportSummary> {
  const progress =
    context.stderr.isTTY === true ? new ProgressBar(context.stderr, "importing") : undefined;
  try {
    const onProgress = (done: number, total: number) => {
      if (total >= progressThreshold) progress?.update(done, total);
    };
    // From the compiled build, the import runs in its own thread with its own heap limits. That
    // thread opens the database as it is: a new one gets its configuration here first.
    if (canUseWorker() && !scratch) await withStore(context, async () => undefined);
    return canUseWorker()
      ? await importLeadsInWorker(context.dbPath, scratch, options, { signal, onProgress })
      : await withStore(
          context,
          (store) => importLeads(store, { ...options, signal, onProgress }),
          {
            scratch,
          },
        );
  } finally {
    progress?.clear();
  }
}

/** Whether a dry run has no database to read and must not create one: it runs in a scratch store. */
function dryRunWithoutDatabase(context: CommandContext, dryRun: boolean): boolean {
  return dryRun && !existsSync(context.dbPath);
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
  ["--source", (o) => o.source !== undefined, ["leads"]],
  ["--stage", (o) => o.stage !== undefined, ["leads", "deals"]],
  ["--owner", (o) => o.owner !== undefined, ["deals"]],
  ["--create-reps", (o) => o.createReps === true, ["deals"]],
  ["--config", (o) => o.config !== undefined, ["deals"]],
  ["--metric", (o) => o.metric !== undefined, ["quotas"]],
  ["--role", (o) => o.role !== undefined, ["reps"]],
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

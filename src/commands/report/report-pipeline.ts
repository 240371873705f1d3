import type { CommandContext } from "../../cli/context.js";
import { asOfOption } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readStore } from "../../cli/with-store.js";
import { chooseOutput, deliver } from "../../render/formats.js";
import { renderPipelineReport } from "../../render/pipeline-report.js";
import { colourEnabled } from "../../render/terminal.js";
import { buildPipelineReport, type PipelineGrouping } from "../../reports/pipeline-report.js";

interface ReportPipelineOptions {
  by?: PipelineGrouping;
  staleDays?: number;
  asOf?: string;
  config?: string;
  format?: string;
  json?: boolean;
  out?: string;
}

export async function runReportPipeline(
  options: ReportPipelineOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  const pipeline = loadPipeline(options.config, context.dbPath);
  const asOf = asOfOption(options.asOf);
  const report = await readStore(
    context,
    async (tx) =>
      await buildPipelineReport(tx, {
        asOf,
        by: options.by ?? null,
        pipeline,
        staleDays: options.staleDays,
      }),
  );
  const colour = output.out === undefined && colourEnabled(context.stdout, context.env);
  deliver(
    renderPipelineReport(report, output.format, colour),
    output.out,
    context.stdout,
    output.format,
  );
}

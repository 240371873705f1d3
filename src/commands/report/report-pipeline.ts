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
  all?: boolean;
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
  const output = chooseOutput(options, context);
  const pipeline = await loadPipeline(options.config, context);
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
    renderPipelineReport(report, output.format, colour, output.screen, options.all === true),
    output.out,
    context.stdout,
    output.format,
  );
}

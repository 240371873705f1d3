import type { CommandContext } from "../../cli/context.js";
import { asOfOption } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readDatabase } from "../../cli/with-database.js";
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

export function runReportPipeline(options: ReportPipelineOptions, context: CommandContext): void {
  const output = chooseOutput(options, context);
  const pipeline = loadPipeline(options.config, context);
  const asOf = asOfOption(options.asOf);
  const report = readDatabase(context, (db) =>
    buildPipelineReport(db, {
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

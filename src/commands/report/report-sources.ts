import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readStore } from "../../cli/with-store.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderSourcesReport } from "../../render/sources-report.js";
import { buildSourcesReport } from "../../reports/sources-report.js";
import { fiscalCalendar } from "../../store/settings.js";

export async function runReportSources(
  options: PeriodOptions & { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const report = await readStore(context, async (tx) => {
    const { period, asOf } = periodFromOptions(options, "this-quarter", await fiscalCalendar(tx));
    return await buildSourcesReport(tx, { period, asOf });
  });
  deliver(
    renderSourcesReport(report, output.format, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

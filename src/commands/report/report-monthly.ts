import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readStore } from "../../cli/with-store.js";
import { UsageError } from "../../errors.js";
import { chooseDocumentOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderMonthlyReport } from "../../render/monthly-report.js";
import { buildMonthlyReport } from "../../reports/monthly-report.js";
import { fiscalCalendar } from "../../store/settings.js";

export async function runReportMonthly(
  options: PeriodOptions & { config?: string; format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseDocumentOutput(options, context);
  if (output.format === "csv")
    throw new UsageError(
      "the monthly report is several tables: use --format table, md, json or html",
    );
  const pipeline = await loadPipeline(options.config, context);
  const report = await readStore(context, async (tx) => {
    const fiscal = await fiscalCalendar(tx);
    const { period, asOf } = periodFromOptions(options, "last-month", fiscal);
    return await buildMonthlyReport(tx, { period, asOf, fiscal, pipeline });
  });
  deliver(
    renderMonthlyReport(report, output.format, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

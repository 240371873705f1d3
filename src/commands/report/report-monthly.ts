import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readDatabase } from "../../cli/with-database.js";
import { UsageError } from "../../errors.js";
import { chooseDocumentOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderMonthlyReport } from "../../render/monthly-report.js";
import { buildMonthlyReport } from "../../reports/monthly-report.js";
import { fiscalCalendar } from "../../store/settings-store.js";

export function runReportMonthly(
  options: PeriodOptions & { config?: string; format?: string; json?: boolean; out?: string },
  context: CommandContext,
): void {
  const output = chooseDocumentOutput(options, context);
  if (output.format === "csv")
    throw new UsageError(
      "the monthly report is several tables: use --format table, md, json or html",
    );
  const pipeline = loadPipeline(options.config, context);
  const report = readDatabase(context, (db) => {
    const fiscal = fiscalCalendar(db);
    const { period, asOf } = periodFromOptions(options, "last-month", fiscal);
    return buildMonthlyReport(db, { period, asOf, fiscal, pipeline });
  });
  deliver(
    renderMonthlyReport(report, output.format, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

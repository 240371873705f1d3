import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readDatabase } from "../../cli/with-database.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderSourcesReport } from "../../render/sources-report.js";
import { buildSourcesReport } from "../../reports/sources-report.js";
import { fiscalCalendar } from "../../store/settings-store.js";

export function runReportSources(
  options: PeriodOptions & { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): void {
  const output = chooseOutput(options, context);
  const report = readDatabase(context, (db) => {
    const { period, asOf } = periodFromOptions(options, "this-quarter", fiscalCalendar(db));
    return buildSourcesReport(db, { period, asOf });
  });
  deliver(
    renderSourcesReport(report, output.format, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

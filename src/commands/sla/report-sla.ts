import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readDatabase } from "../../cli/with-database.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderSlaReport } from "../../render/sla-report.js";
import { colourEnabled } from "../../render/terminal.js";
import { buildSlaReport, requireSla, type SlaReport } from "../../reports/sla-report.js";
import { fiscalCalendar } from "../../store/settings-store.js";

export interface ReportSlaOptions extends PeriodOptions {
  format?: string;
  json?: boolean;
  out?: string;
}

/** The SLA report for the options' period (this month by default), as of `--as-of`. */
export function slaReportFor(options: PeriodOptions, context: CommandContext): SlaReport {
  return readDatabase(context, (db) => {
    const sla = requireSla(db);
    const { period, asOf } = periodFromOptions(options, "this-month", fiscalCalendar(db));
    return buildSlaReport(db, { period, asOf, sla });
  });
}

/** `funnel report sla`: both sides of the SLA, per source and per rep, and the verdicts. */
export function runReportSla(options: ReportSlaOptions, context: CommandContext): void {
  const output = chooseOutput(options, context);
  const report = slaReportFor(options, context);
  const colour = output.out === undefined && colourEnabled(context.stdout, context.env);
  deliver(
    renderSlaReport(report, output.format, colour, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

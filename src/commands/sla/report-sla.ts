import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readStore } from "../../cli/with-store.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderSlaReport } from "../../render/sla-report.js";
import { colourEnabled } from "../../render/terminal.js";
import { buildSlaReport, requireSla, type SlaReport } from "../../reports/sla-report.js";
import { fiscalCalendar } from "../../store/settings.js";

export interface ReportSlaOptions extends PeriodOptions {
  format?: string;
  json?: boolean;
  out?: string;
}

/** The SLA report for the options' period (this month by default), as of `--as-of`. */
export async function slaReportFor(
  options: PeriodOptions,
  context: CommandContext,
): Promise<SlaReport> {
  return await readStore(context, async (tx) => {
    const sla = await requireSla(tx);
    const { period, asOf } = periodFromOptions(options, "this-month", await fiscalCalendar(tx));
    return await buildSlaReport(tx, { period, asOf, sla });
  });
}

/** `funnel report sla`: both sides of the SLA, per source and per rep, and the verdicts. */
export async function runReportSla(
  options: ReportSlaOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const report = await slaReportFor(options, context);
  const colour = output.out === undefined && colourEnabled(context.stdout, context.env);
  deliver(
    renderSlaReport(report, output.format, colour, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

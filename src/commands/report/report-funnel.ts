import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readStore } from "../../cli/with-store.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderFunnelReport } from "../../render/funnel-report.js";
import {
  buildFunnelReport,
  type FunnelGroup,
  type FunnelMode,
} from "../../reports/funnel-report.js";
import { fiscalCalendar } from "../../store/settings.js";

interface ReportFunnelOptions extends PeriodOptions {
  mode: FunnelMode;
  by?: FunnelGroup;
  top?: number;
  format?: string;
  json?: boolean;
  out?: string;
}

export async function runReportFunnel(
  options: ReportFunnelOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const report = await readStore(context, async (tx) => {
    const fiscal = await fiscalCalendar(tx);
    const { period, asOf } = periodFromOptions(options, "this-quarter", fiscal);
    return await buildFunnelReport(tx, {
      period,
      asOf,
      mode: options.mode,
      by: options.by,
      top: options.top,
      fiscal,
    });
  });
  deliver(
    renderFunnelReport(report, output.format, output.screen),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
}

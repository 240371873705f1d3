import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readStore } from "../../cli/with-store.js";
import type { QuotaMetric } from "../../domain/quota-metrics.js";
import { BreachError } from "../../errors.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderQuotaReport } from "../../render/quota-report.js";
import { colourEnabled } from "../../render/terminal.js";
import { buildQuotaReport, type QuotaLevel, type QuotaReport } from "../../reports/quota-report.js";
import { listReps } from "../../store/reps.js";
import { fiscalCalendar } from "../../store/settings.js";

interface ReportQuotaOptions extends PeriodOptions {
  by: QuotaLevel;
  metric: QuotaMetric;
  weighted?: boolean;
  failUnder?: number;
  config?: string;
  format?: string;
  json?: boolean;
  out?: string;
}

export async function runReportQuota(
  options: ReportQuotaOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const pipeline = await loadPipeline(options.config, context);
  const { report, teams } = await readStore(context, async (tx) => {
    const { period, asOf } = periodFromOptions(options, "this-month", await fiscalCalendar(tx));
    // Rep rows come team by team: the table names each rep's team.
    const teams = new Map((await listReps(tx)).map((rep) => [rep.handle, rep.team]));
    const report = await buildQuotaReport(tx, {
      period,
      asOf,
      by: options.by,
      metric: options.metric,
      weighted: options.weighted === true,
      pipeline,
    });
    return { report, teams };
  });
  const colour = output.out === undefined && colourEnabled(context.stdout, context.env);
  deliver(
    renderQuotaReport(report, output.format, colour, output.screen, teams),
    outPathFor(output.out, report.period.label),
    context.stdout,
    output.format,
  );
  if (options.failUnder !== undefined) checkThreshold(report, options.failUnder);
}

/**
 * `--fail-under PCT`: a breach (exit 3) when a row with a quota is under PCT: its attainment
 * once the period is over, its pacing (the attainment it is on course for) while it runs.
 */
function checkThreshold(report: QuotaReport, threshold: number): void {
  if (report.status === "not started") return;
  const figure = report.status === "closed" ? "attainment" : "pacing";
  const under = report.rows.filter((row) => {
    const value = report.status === "closed" ? row.attainmentPct : row.pacingPct;
    return value !== null && value < threshold;
  });
  if (under.length === 0) return;
  const named = under
    .slice(0, 5)
    .map((row) => {
      const value = (report.status === "closed" ? row.attainmentPct : row.pacingPct) as number;
      return `${row.name} ${Math.round(value * 10) / 10} %`;
    })
    .join(", ");
  throw new BreachError(
    `${under.length} of ${report.rows.filter((row) => row.quota !== null).length} ${report.by}s under ${threshold} % ${figure} for ${report.period.label}: ${named}${under.length > 5 ? ", ..." : ""}`,
  );
}

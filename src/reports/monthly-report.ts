import {
  type FiscalCalendar,
  monthNameOf,
  type Period,
  previousPeriod,
} from "../domain/periods.js";
import type { Pipeline } from "../domain/pipeline.js";
import { slaIsSet } from "../domain/sla.js";
import { addMonths, startOfMonth } from "../domain/time-zone.js";
import { forEachMqlArrival } from "../store/funnel.js";
import type { ReadTx } from "../store/store.js";
import { buildFunnelReport, type FunnelReport } from "./funnel-report.js";
import { buildPipelineReport, type PipelineReport } from "./pipeline-report.js";
import { buildQuotaReport, type QuotaReport } from "./quota-report.js";
import { buildSlaReport, loadSla, type SlaReport } from "./sla-report.js";
import { buildSourcesReport, type SourcesReport } from "./sources-report.js";

/** MQLs delivered per source and month, over the months up to the period's end. */
export interface MqlTrend {
  readonly months: readonly string[];
  readonly series: readonly { readonly source: string; readonly values: readonly number[] }[];
}

export interface MonthlyReport {
  readonly period: Period;
  readonly previous: Period;
  readonly asOf: Date;
  readonly quota: QuotaReport;
  readonly quotaPrevious: QuotaReport;
  readonly funnel: FunnelReport;
  readonly funnelPrevious: FunnelReport;
  readonly sources: SourcesReport;
  readonly sourcesPrevious: SourcesReport;
  readonly mqlTrend: MqlTrend;
  /** The SLA verdicts, when an SLA is set. */
  readonly sla: { readonly current: SlaReport; readonly previous: SlaReport } | undefined;
  /** The open pipeline at the period's end (or as-of), and at the previous period's end. */
  readonly pipeline: PipelineReport;
  readonly pipelinePrevious: PipelineReport;
}

const trendMonths = 6;
const trendSources = 6;

/**
 * One digest for a period (the monthly review): quota attainment per rep, the cohort funnel,
 * sources, SLA verdicts, the open pipeline, and MQLs per source over the last months, each
 * beside the period before.
 */
export async function buildMonthlyReport(
  tx: ReadTx,
  options: { period: Period; asOf: Date; fiscal: FiscalCalendar; pipeline: Pipeline },
): Promise<MonthlyReport> {
  const { period, asOf, fiscal, pipeline } = options;
  const previous = previousPeriod(period, fiscal);
  const quota = (span: Period) =>
    buildQuotaReport(tx, {
      period: span,
      asOf,
      by: "rep",
      metric: "revenue",
      weighted: false,
      pipeline,
    });
  const funnel = (span: Period) =>
    buildFunnelReport(tx, { period: span, asOf, mode: "cohort", fiscal });
  const settings = await loadSla(tx);
  const sla = (span: Period) => buildSlaReport(tx, { period: span, asOf, sla: settings });
  const openPipeline = (at: Date) =>
    buildPipelineReport(tx, { asOf: at, by: null, pipeline, staleDays: undefined });
  const end = (span: Period) => new Date(Math.min(span.to.getTime() - 1, asOf.getTime()));
  return {
    period,
    previous,
    asOf,
    quota: await quota(period),
    quotaPrevious: await quota(previous),
    funnel: await funnel(period),
    funnelPrevious: await funnel(previous),
    sources: await buildSourcesReport(tx, { period, asOf }),
    sourcesPrevious: await buildSourcesReport(tx, { period: previous, asOf }),
    mqlTrend: await mqlTrend(tx, period, asOf),
    sla: slaIsSet(settings)
      ? { current: await sla(period), previous: await sla(previous) }
      : undefined,
    pipeline: await openPipeline(end(period)),
    pipelinePrevious: await openPipeline(end(previous)),
  };
}

/** MQLs per month for the largest sources, over the months ending with the period. */
async function mqlTrend(tx: ReadTx, period: Period, asOf: Date): Promise<MqlTrend> {
  const lastMonth = startOfMonth(new Date(period.to.getTime() - 1));
  const first = addMonths(lastMonth, -(trendMonths - 1));
  const months = Array.from({ length: trendMonths }, (_, index) =>
    monthNameOf(addMonths(first, index)),
  );
  const end = new Date(Math.min(addMonths(lastMonth, 1).getTime(), asOf.getTime()));
  const counts = new Map<string, number[]>();
  await forEachMqlArrival(tx, first.toISOString(), end.toISOString(), (arrival, at) => {
    const source = arrival ?? "(no source)";
    const values = counts.get(source) ?? months.map(() => 0);
    const index = months.indexOf(monthNameOf(new Date(at)));
    if (index >= 0) values[index] = (values[index] ?? 0) + 1;
    counts.set(source, values);
  });
  const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);
  const series = [...counts]
    .sort(([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b))
    .map(([source, values]) => ({ source, values }));
  if (series.length > trendSources) {
    const rest = series.splice(trendSources - 1);
    series.push({
      source: `(${rest.length} others)`,
      values: months.map((_, index) =>
        rest.reduce((sum, entry) => sum + (entry.values[index] ?? 0), 0),
      ),
    });
  }
  return { months, series };
}

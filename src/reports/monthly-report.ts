import { addMonths } from "date-fns/addMonths";
import { startOfMonth } from "date-fns/startOfMonth";
import {
  type FiscalCalendar,
  monthNameOf,
  type Period,
  previousPeriod,
} from "../domain/periods.js";
import type { Pipeline } from "../domain/pipeline.js";
import type { Db } from "../store/database.js";
import { mqlArrivals } from "../store/funnel-store.js";
import { buildFunnelReport, type FunnelReport } from "./funnel-report.js";
import { buildQuotaReport, type QuotaReport } from "./quota-report.js";
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
}

const trendMonths = 6;
const trendSources = 6;

/**
 * One digest for a period (the monthly review): quota attainment per rep, the cohort funnel,
 * sources, and MQLs per source over the last months, each beside the period before.
 */
export function buildMonthlyReport(
  db: Db,
  options: { period: Period; asOf: Date; fiscal: FiscalCalendar; pipeline: Pipeline },
): MonthlyReport {
  const { period, asOf, fiscal, pipeline } = options;
  const previous = previousPeriod(period, fiscal);
  const quota = (span: Period) =>
    buildQuotaReport(db, {
      period: span,
      asOf,
      by: "rep",
      metric: "revenue",
      weighted: false,
      pipeline,
    });
  const funnel = (span: Period) =>
    buildFunnelReport(db, { period: span, asOf, mode: "cohort", fiscal });
  return {
    period,
    previous,
    asOf,
    quota: quota(period),
    quotaPrevious: quota(previous),
    funnel: funnel(period),
    funnelPrevious: funnel(previous),
    sources: buildSourcesReport(db, { period, asOf }),
    sourcesPrevious: buildSourcesReport(db, { period: previous, asOf }),
    mqlTrend: mqlTrend(db, period, asOf),
  };
}

/** MQLs per month for the largest sources, over the months ending with the period. */
function mqlTrend(db: Db, period: Period, asOf: Date): MqlTrend {
  const lastMonth = startOfMonth(new Date(period.to.getTime() - 1));
  const first = addMonths(lastMonth, -(trendMonths - 1));
  const months = Array.from({ length: trendMonths }, (_, index) =>
    monthNameOf(addMonths(first, index)),
  );
  const end = new Date(Math.min(addMonths(lastMonth, 1).getTime(), asOf.getTime()));
  const counts = new Map<string, number[]>();
  for (const arrival of mqlArrivals(db, first.toISOString(), end.toISOString())) {
    const source = arrival.source ?? "(no source)";
    const values = counts.get(source) ?? months.map(() => 0);
    const index = months.indexOf(monthNameOf(new Date(arrival.at)));
    if (index >= 0) values[index] = (values[index] ?? 0) + 1;
    counts.set(source, values);
  }
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

import { median } from "../domain/funnel-math.js";
import { sumAmounts } from "../domain/money.js";
import type { Period } from "../domain/periods.js";
import {
  cohortHandoffs,
  cohortWins,
  type LeadsOnFile,
  leadsOnFile,
  rejectionReasons,
  sourceStageCounts,
} from "../store/funnel.js";
import { databaseCurrency } from "../store/settings.js";
import type { ReadTx } from "../store/store.js";

export interface SourceRow {
  readonly source: string;
  readonly leads: number;
  readonly mqls: number;
  readonly handedOff: number;
  /** Leads that reached sal or beyond: sales took them. */
  readonly accepted: number;
  /** Leads sales sent back to marketing (mql → recycled). */
  readonly rejected: number;
  /** The most frequent rejection reasons, most first. */
  readonly topReasons: readonly { reason: string; leads: number }[];
  readonly wonDeals: number;
  /** Minor units. */
  readonly wonRevenue: number;
  /** Leads with a won deal ÷ MQLs, in %. */
  readonly mqlToWonPct: number | null;
  /** Median hours from handoff to the first touch after it, over the touched handoffs. */
  readonly speedToLeadHours: number | null;
}

export interface SourcesReport {
  readonly period: Period;
  readonly asOf: Date;
  readonly currency: string;
  readonly rows: readonly SourceRow[];
  readonly total: SourceRow;
  /** When it counted no lead: what the database holds, to say why. */
  readonly noLeads: LeadsOnFile | undefined;
}

const noSource = "(no source)";
const topReasonCount = 3;

/**
 * Per source, the leads created in the period (a cohort, as of `asOf`): how many marketing
 * qualified, sales accepted or rejected (and why), and won, with the speed of follow-up.
 */
export async function buildSourcesReport(
  tx: ReadTx,
  options: { period: Period; asOf: Date },
): Promise<SourcesReport> {
  const span = [
    options.period.from.toISOString(),
    options.period.to.toISOString(),
    options.asOf.toISOString(),
  ] as const;
  const name = (source: string | null) => source ?? noSource;
  const reasons = new Map<string, { reason: string; leads: number }[]>();
  for (const entry of await rejectionReasons(tx, ...span)) {
    const list = reasons.get(name(entry.source)) ?? [];
    list.push({ reason: entry.reason ?? "(no reason)", leads: entry.leads });
    reasons.set(name(entry.source), list);
  }
  const handoffs = new Map<string, { leads: number; hours: number[] }>();
  for (const entry of await cohortHandoffs(tx, ...span)) {
    // A source literally named like the placeholder shares its row with the leads without one.
    const shared = handoffs.get(name(entry.source)) ?? { leads: 0, hours: [] };
    shared.leads += entry.handedOff;
    for (const ms of entry.toFirstTouchMs) shared.hours.push(ms / 3_600_000);
    handoffs.set(name(entry.source), shared);
  }
  const wins = new Map((await cohortWins(tx, ...span)).map((win) => [name(win.source), win]));
  const rows = (await sourceStageCounts(tx, ...span))
    .map((counts): SourceRow => {
      const source = name(counts.source);
      const handed = handoffs.get(source);
      const won = wins.get(source);
      return {
        source,
        leads: counts.leads,
        mqls: counts.mqls,
        handedOff: handed?.leads ?? 0,
        accepted: counts.accepted,
        rejected: counts.rejected,
        topReasons: (reasons.get(source) ?? [])
          .sort((a, b) => b.leads - a.leads || a.reason.localeCompare(b.reason))
          .slice(0, topReasonCount),
        wonDeals: won?.deals ?? 0,
        wonRevenue: won?.revenue ?? 0,
        mqlToWonPct: counts.mqls === 0 ? null : (100 * (won?.leads ?? 0)) / counts.mqls,
        speedToLeadHours: median(handed?.hours ?? []),
      };
    })
    .sort((a, b) => b.leads - a.leads || a.source.localeCompare(b.source));
  const allReasons = new Map<string, number>();
  for (const list of reasons.values())
    for (const entry of list)
      allReasons.set(entry.reason, (allReasons.get(entry.reason) ?? 0) + entry.leads);
  const wonLeads = [...wins.values()].reduce((sum, win) => sum + win.leads, 0);
  const mqls = rows.reduce((sum, row) => sum + row.mqls, 0);
  const total: SourceRow = {
    source: "total",
    leads: rows.reduce((sum, row) => sum + row.leads, 0),
    mqls,
    handedOff: rows.reduce((sum, row) => sum + row.handedOff, 0),
    accepted: rows.reduce((sum, row) => sum + row.accepted, 0),
    rejected: rows.reduce((sum, row) => sum + row.rejected, 0),
    topReasons: [...allReasons]
      .map(([reason, leads]) => ({ reason, leads }))
      .sort((a, b) => b.leads - a.leads || a.reason.localeCompare(b.reason))
      .slice(0, topReasonCount),
    wonDeals: rows.reduce((sum, row) => sum + row.wonDeals, 0),
    wonRevenue: sumAmounts(rows.map((row) => row.wonRevenue)),
    mqlToWonPct: mqls === 0 ? null : (100 * wonLeads) / mqls,
    speedToLeadHours: median([...handoffs.values()].flatMap((entry) => entry.hours)),
  };
  return {
    ...options,
    currency: await databaseCurrency(tx),
    rows,
    total,
    noLeads: total.leads === 0 ? await leadsOnFile(tx) : undefined,
  };
}

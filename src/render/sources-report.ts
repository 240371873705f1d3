import { localDay } from "../domain/dates.js";
import type { SourceRow, SourcesReport } from "../reports/sources-report.js";
import {
  type Column,
  type ExactNumber,
  jsonDocument,
  markdownText,
  type OutputFormat,
  renderRows,
  type Screen,
} from "./formats.js";
import { moneyFormatter } from "./money.js";
import { noLeadsText } from "./nothing-to-count.js";
import { periodHeading, periodJson, periodName } from "./report-period.js";
import { reportCells, textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

type Cell = string | number | ExactNumber | null;

interface SourceLine extends Record<string, Cell> {
  source: string;
  leads: number;
  mqls: number;
  handed_off: number;
  accepted: number;
  rejected: number;
  top_rejection_reasons: string;
  won_deals: number;
  won_revenue: Cell;
  mql_to_won_pct: Cell;
  speed_to_lead_p50_hours: Cell;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

const columns: Column<SourceLine>[] = [
  { key: "source", header: "source" },
  { key: "leads", header: "leads", align: "right" },
  { key: "mqls", header: "MQLs", align: "right" },
  { key: "handed_off", header: "handed off", align: "right" },
  { key: "accepted", header: "accepted", align: "right" },
  { key: "rejected", header: "rejected", align: "right" },
  { key: "top_rejection_reasons", header: "top rejection reasons" },
  { key: "won_deals", header: "won", align: "right" },
  { key: "won_revenue", header: "won revenue", align: "right" },
  { key: "mql_to_won_pct", header: "MQL>won %", align: "right" },
  { key: "speed_to_lead_p50_hours", header: "speed-to-lead p50 h", align: "right" },
];

function line(row: SourceRow, money: (minor: number | null) => Cell): SourceLine {
  return {
    source: row.source,
    leads: row.leads,
    mqls: row.mqls,
    handed_off: row.handedOff,
    accepted: row.accepted,
    rejected: row.rejected,
    top_rejection_reasons: row.topReasons
      .map((entry) => `${entry.reason} (${entry.leads})`)
      .join(", "),
    won_deals: row.wonDeals,
    won_revenue: money(row.wonRevenue),
    mql_to_won_pct: round1(row.mqlToWonPct),
    speed_to_lead_p50_hours: round1(row.speedToLeadHours),
  };
}

function heading(report: SourcesReport): string {
  return (
    `Sources ${periodHeading(report.period)}, ` +
    `leads created in the period as of ${localDay(report.asOf.toISOString())}\n` +
    `accepted: reached sal or beyond; rejected: sent back by sales; MQL>won: leads with a won deal / MQLs; revenue in ${report.currency}`
  );
}

export function renderSourcesReport(
  report: SourcesReport,
  format: OutputFormat,
  screen?: Screen,
): string {
  const money = moneyFormatter(report.currency, format);
  const empty =
    report.noLeads === undefined
      ? null
      : noLeadsText(report.noLeads, periodName(report.period), "created");
  if (format === "json") {
    const toJson = (row: SourceRow) => ({
      ...line(row, money),
      top_rejection_reasons: row.topReasons,
    });
    return jsonDocument({
      ...periodJson(report.period, report.asOf),
      currency: report.currency,
      rows: report.rows.map(toJson),
      total: toJson(report.total),
      empty,
    });
  }
  // A total of zeros would look like data: one sentence says why there is none (and the
  // heading's column legend has no columns to explain).
  const title = heading(report).split("\n")[0] as string;
  if (empty !== null && format === "md")
    return `## ${markdownText(title)}\n\n${markdownText(empty)}\n`;
  if (empty !== null && format === "table")
    return `${wrapText(neutraliseControls(`${title}\n\n${empty}`), screen?.width)}\n`;
  const lines = [...report.rows, report.total].map((row) => line(row, money));
  const cell = reportCells(screen?.colour === true, lines.at(-1));
  const table = renderRows(
    columns,
    lines,
    format,
    (columns, rows, options) => textTable(columns, rows, { ...options, cell }),
    screen,
  );
  if (format === "csv") return table;
  if (format === "md")
    return `## ${markdownText(heading(report)).replace("\n", "\n\n")}\n\n${table}`;
  return `${wrapText(neutraliseControls(heading(report)), screen?.width)}\n\n${table}`;
}

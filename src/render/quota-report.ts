import { Chalk } from "chalk";
import { attainmentBand } from "../domain/quota-math.js";
import type { QuotaReport, QuotaReportRow } from "../reports/quota-report.js";
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
import { periodHeading, periodJson, periodName, periodState } from "./report-period.js";
import { textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

type Cell = string | number | ExactNumber | null;

interface QuotaLine extends Record<string, Cell> {
  name: string;
  team: Cell;
  reps: number;
  quota: Cell;
  achieved: Cell;
  uncovered: Cell;
  attainment_pct: Cell;
  expected: Cell;
  pacing_pct: Cell;
  projection: Cell;
  gap: Cell;
  won: number;
  lost: number;
  average_deal: Cell;
  win_rate_pct: Cell;
  pipeline: Cell;
  weighted_pipeline: Cell;
  coverage: Cell;
  basis: Cell;
  left_out: Cell;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** What "quota" and "achieved" count, for the header. */
function unitOf(report: QuotaReport): string {
  switch (report.metric) {
    case "revenue":
      return `revenue won (${report.currency})`;
    case "deals":
      return "deals won";
    case "mqls":
      return "MQLs delivered (leads that became MQLs, credited to the rep who qualified them)";
    case "sals":
      return "SALs accepted (handoffs accepted, credited to the accepting rep)";
  }
}

function lines(
  report: QuotaReport,
  format: OutputFormat,
  teams: ReadonlyMap<string, string | null> = new Map(),
): QuotaLine[] {
  const money = moneyFormatter(report.currency, format);
  const metricValue = (value: number | null) =>
    value === null ? null : report.metric === "revenue" ? money(Math.round(value)) : round1(value);
  const pipelineValue = (value: number | null) =>
    value === null ? null : report.metric === "revenue" ? money(Math.round(value)) : round1(value);
  return [...report.rows, report.total].map(
    (row: QuotaReportRow): QuotaLine => ({
      name: row.name,
      team: row.kind === "rep" ? (teams.get(row.name) ?? null) : null,
      reps: row.reps,
      quota: metricValue(row.quota),
      achieved: metricValue(row.achieved),
      uncovered: metricValue(row.uncovered),
      attainment_pct: round1(row.attainmentPct),
      expected: metricValue(row.expected),
      pacing_pct: round1(row.pacingPct),
      projection: metricValue(row.projection),
      gap: metricValue(row.gap),
      won: row.won,
      lost: row.lost,
      average_deal: row.averageDeal === null ? null : money(Math.round(row.averageDeal)),
      win_rate_pct: round1(row.winRatePct),
      pipeline: pipelineValue(row.pipeline),
      weighted_pipeline: pipelineValue(row.weightedPipeline),
      coverage: round2(row.coverage),
      basis: row.basis,
      left_out: row.leftOut,
    }),
  );
}

function columnsFor(
  report: QuotaReport,
  forPeople: boolean,
  withTeam = false,
): Column<QuotaLine>[] {
  const running = report.status !== "closed";
  const pipeline = running && (report.metric === "revenue" || report.metric === "deals");
  const leavesOut = [...report.rows, report.total].some((row) => row.leftOut !== null);
  const all: (Column<QuotaLine> & { when?: boolean })[] = [
    { key: "name", header: report.by },
    // Only for people, so CSV and JSON keep their columns.
    { key: "team", header: "team", priority: 2, when: forPeople && withTeam },
    {
      key: "reps",
      header: "reps",
      align: "right",
      priority: 3,
      when: report.by !== "rep" || !forPeople,
    },
    { key: "quota", header: "quota", align: "right" },
    { key: "achieved", header: "achieved", align: "right" },
    { key: "uncovered", header: "uncovered", align: "right", priority: 4, when: leavesOut },
    { key: "attainment_pct", header: "attain %", align: "right" },
    { key: "expected", header: "expected", align: "right", priority: 5, when: running },
    { key: "pacing_pct", header: "pacing %", align: "right", when: running },
    { key: "projection", header: "projection", align: "right", priority: 3, when: running },
    { key: "gap", header: "gap", align: "right", priority: 1 },
    { key: "won", header: "won", align: "right", priority: 4 },
    { key: "lost", header: "lost", align: "right", priority: 6 },
    { key: "average_deal", header: "avg deal", align: "right", priority: 7 },
    { key: "win_rate_pct", header: "win %", align: "right", priority: 5 },
    { key: "pipeline", header: "pipeline", align: "right", priority: 3, when: pipeline },
    {
      key: "weighted_pipeline",
      header: "weighted",
      align: "right",
      priority: 6,
      when: pipeline,
    },
    { key: "coverage", header: "coverage x", align: "right", priority: 2, when: pipeline },
    { key: "basis", header: "quota basis", priority: 8 },
    { key: "left_out", header: "left out", when: false },
  ];
  // Programs get every column, always the same ones; people get the ones that mean something now.
  return all.filter((column) => (forPeople ? column.when !== false : column.key !== "team"));
}

function heading(report: QuotaReport): string {
  return `Quota ${periodHeading(report.period)}, ${periodState(report)}\nper ${report.by}; quota and achieved count ${unitOf(report)}`;
}

function footer(report: QuotaReport): string {
  const notes = [
    ...(report.status === "closed"
      ? []
      : [
          "pacing = achieved / (quota x elapsed share); projection = achieved / elapsed share",
          ...(report.metric === "revenue" || report.metric === "deals"
            ? [
                `pipeline = open deals expected to close by the period's end; coverage = ${report.weighted ? "weighted " : ""}pipeline / (quota - achieved)`,
              ]
            : []),
        ]),
    ...report.notes,
  ];
  return notes.map((note) => `${note}\n`).join("");
}

const quotaNames: Record<QuotaReport["metric"], string> = {
  revenue: "revenue",
  deals: "deals-won",
  mqls: "MQL",
  sals: "SAL",
};

/** Whether any rep in the report did anything: without a quota, the rows still show it. */
export function anythingDone(report: QuotaReport): boolean {
  const { total } = report;
  return total.achieved !== 0 || total.won + total.lost > 0 || (total.pipeline ?? 0) > 0;
}

/** Why the report shows no attainment, when no quota on its metric covers the period. */
export function noQuotaText(
  report: QuotaReport,
  periodText = periodName(report.period),
): string | null {
  if ([...report.rows, report.total].some((row) => row.quota !== null)) return null;
  const metric = report.metric === "revenue" ? "" : ` --metric ${report.metric}`;
  // A quota is for a month, quarter or year: name this one, unless it is days (ytd, --from/--to).
  const period = report.period.label.includes("..") ? "PERIOD" : report.period.label;
  const what = anythingDone(report)
    ? ": no attainment to show, only what was achieved"
    : " and nothing was achieved";
  return `No ${quotaNames[report.metric]} quota covers ${periodText}${what}; set one with: funnel quota set REP ${period} TARGET${metric} (team:NAME for a team)`;
}

/**
 * The quota report in a format; `colour` paints attainment on a terminal, whose width
 * (`screen`) the table and notes fit. `teams` (rep handle to team) names each rep's team in
 * a per-rep table for people.
 */
export function renderQuotaReport(
  report: QuotaReport,
  format: OutputFormat,
  colour: boolean,
  screen?: Screen,
  teams?: ReadonlyMap<string, string | null>,
): string {
  const noQuota = noQuotaText(report);
  if (format === "json") {
    const rows = lines(report, format);
    const total = rows.pop();
    return jsonDocument({
      ...periodJson(report.period, report.asOf),
      status: report.status,
      elapsed_pct: round1(report.elapsed * 100),
      metric: report.metric,
      currency: report.metric === "revenue" ? report.currency : null,
      by: report.by,
      weighted: report.weighted,
      rows,
      total,
      notes: report.notes,
      no_quota: noQuota,
    });
  }
  if (format === "csv")
    return renderRows(columnsFor(report, false), lines(report, format), format, textTable);
  const withTeam =
    report.by === "rep" &&
    teams !== undefined &&
    report.rows.some((row) => (teams.get(row.name) ?? null) !== null);
  const columns = columnsFor(report, true, withTeam);
  const rows = lines(report, format, teams);
  // Without a quota or anything achieved, the table would be blanks and zeros: the sentence says why.
  const tableShown = noQuota === null || anythingDone(report);
  if (format === "md")
    return `## ${markdownText(heading(report)).replace("\n", "\n\n")}\n\n${noQuota === null ? "" : `${markdownText(noQuota)}\n\n`}${tableShown ? `${renderRows(columns, rows, format, textTable)}\n${markdownText(footer(report))}` : ""}`;
  const text = (prose: string) => wrapText(neutraliseControls(prose), screen?.width);
  if (!tableShown) return `${text(`${heading(report)}\n\n${noQuota}`)}\n`;
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const paint = { good: chalk.green, warn: chalk.yellow, bad: chalk.red };
  const total = rows[rows.length - 1];
  const table = textTable(columns, rows, {
    header: (text) => chalk.bold(text),
    cell: (key, row, text) => {
      if (key !== "attainment_pct" && key !== "pacing_pct")
        return row === total ? chalk.bold(text) : text;
      const band = attainmentBand(row[key] as number | null);
      return band === null ? text : paint[band](text);
    },
    screen,
  });
  return `${text(heading(report))}\n\n${noQuota === null ? "" : `${text(noQuota)}\n\n`}${table}\n${text(footer(report))}`;
}

import { Chalk } from "chalk";
import { formatWorkingDays, formatWorkingHours } from "../domain/business-hours.js";
import { localDay } from "../domain/dates.js";
import { formatMinutes } from "../domain/percentiles.js";
import { metSharePct, type SideVerdict, type SlaSettings, slaToJson } from "../domain/sla.js";
import type { RepLine, SlaReport, SourceLine } from "../reports/sla-report.js";
import {
  type Column,
  jsonDocument,
  markdownText,
  type OutputFormat,
  renderRows,
  type Screen,
} from "./formats.js";
import { periodHeading, periodJson, periodState } from "./report-period.js";
import { reportCells, textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

type Cell = string | number | null;

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const num = (value: number) => String(Math.round(value * 10) / 10);

interface SourceRow extends Record<string, Cell> {
  source: string;
  target: Cell;
  delivered: number;
  attainment_pct: Cell;
  expected: Cell;
  short: Cell;
}

interface RepRow extends Record<string, Cell> {
  rep: string;
  handoffs: number;
  follow_up_met: number;
  follow_up_missed: number;
  follow_up_pending: number;
  follow_up_met_pct: Cell;
  touched: number;
  speed_p50: Cell;
  speed_p90: Cell;
  decision_met: number;
  decision_missed: number;
  decision_pending: number;
  decision_met_pct: Cell;
  waiting_for_touch: number;
  waiting_for_decision: number;
  longest_wait: Cell;
}

/** Durations on the SLA's clock: wall-clock minutes, or working hours with business hours. */
function duration(minutes: number | null, sla: SlaSettings): string | null {
  if (minutes === null) return null;
  if (sla.businessHours === null) return formatMinutes(minutes);
  return minutes < 90 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function sourceRows(report: SlaReport): SourceRow[] {
  const row = (line: SourceLine): SourceRow => ({
    source: line.source,
    target: round1(line.target),
    delivered: line.delivered,
    attainment_pct: round1(line.attainmentPct),
    expected: round1(line.expected),
    short: line.short,
  });
  return [
    ...report.marketing.sources.map(row),
    row({ source: "total", ...report.marketing.total }),
  ];
}

function repRows(report: SlaReport, forPeople: boolean): RepRow[] {
  const time = (minutes: number | null) =>
    forPeople ? duration(minutes, report.sla) : round1(minutes);
  const row = (line: RepLine): RepRow => ({
    rep: line.rep,
    handoffs: line.handoffs,
    follow_up_met: line.followUp.met,
    follow_up_missed: line.followUp.missed,
    follow_up_pending: line.followUp.pending,
    follow_up_met_pct: round1(metSharePct(line.followUp)),
    touched: line.touched,
    speed_p50: time(line.speedP50),
    speed_p90: time(line.speedP90),
    decision_met: line.decision.met,
    decision_missed: line.decision.missed,
    decision_pending: line.decision.pending,
    decision_met_pct: round1(metSharePct(line.decision)),
    waiting_for_touch: line.waitingForTouch,
    waiting_for_decision: line.waitingForDecision,
    longest_wait: time(line.longestWait),
  });
  return [...report.sales.reps.map(row), row(report.sales.total)];
}

function sourceColumns(report: SlaReport): Column<SourceRow>[] {
  const running = report.status !== "closed";
  return [
    { key: "source", header: "source" },
    { key: "target", header: "target", align: "right" },
    { key: "delivered", header: "delivered", align: "right" },
    { key: "attainment_pct", header: "of target %", align: "right" },
    ...(running ? [{ key: "expected", header: "expected by now", align: "right" } as const] : []),
    { key: "short", header: running ? "behind" : "short", align: "right" },
  ];
}

function repColumns(report: SlaReport): Column<RepRow>[] {
  const { sla } = report;
  const followUp: Column<RepRow>[] =
    sla.followUpHours === null
      ? []
      : [
          { key: "follow_up_met", header: "touched in time", align: "right" },
          { key: "follow_up_missed", header: "touch late/none", align: "right" },
          { key: "follow_up_pending", header: "touch pending", align: "right" },
          { key: "follow_up_met_pct", header: "touched %", align: "right" },
        ];
  const decision: Column<RepRow>[] =
    sla.decisionDays === null
      ? []
      : [
          { key: "decision_met", header: "decided in time", align: "right" },
          { key: "decision_missed", header: "decision late/none", align: "right" },
          { key: "decision_pending", header: "decision pending", align: "right" },
          { key: "decision_met_pct", header: "decided %", align: "right" },
        ];
  return [
    { key: "rep", header: "rep" },
    { key: "handoffs", header: "handoffs", align: "right" },
    ...followUp,
    { key: "speed_p50", header: "speed p50", align: "right" },
    { key: "speed_p90", header: "speed p90", align: "right" },
    ...decision,
    { key: "waiting_for_touch", header: "waiting touch", align: "right" },
    { key: "waiting_for_decision", header: "waiting decision", align: "right" },
    { key: "longest_wait", header: "longest wait", align: "right" },
  ];
}

/** The agreement in one sentence per side. */
export function describeSla(sla: SlaSettings): string[] {
  const sources = Object.entries(sla.sourceTargets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, target]) => `${source} ${target}`)
    .join(", ");
  const marketing =
    sla.mqlTarget === null && sources === ""
      ? "marketing: no MQL target"
      : `marketing: ${sla.mqlTarget === null ? "" : `${sla.mqlTarget} MQLs a month`}${sources === "" ? "" : `${sla.mqlTarget === null ? "" : "; "}by source: ${sources} a month`}`;
  const clock = sla.businessHours === null ? "" : "working ";
  const windows = [
    ...(sla.followUpHours === null
      ? []
      : [`first touch within ${num(sla.followUpHours)} ${clock}hours of the handoff`]),
    ...(sla.decisionDays === null
      ? []
      : [`accept or reject within ${num(sla.decisionDays)} ${clock}days`]),
  ];
  const hours =
    sla.businessHours === null
      ? ""
      : ` (working time: ${formatWorkingDays(sla.businessHours.days)} ${formatWorkingHours(sla.businessHours)}, local time)`;
  const sales =
    windows.length === 0
      ? "sales: no follow-up or decision window"
      : `sales: ${windows.join(" and ")}, on ${num(sla.sharePct)} % of handoffs${hours}`;
  return [marketing, sales];
}

function heading(report: SlaReport): string {
  return `SLA ${periodHeading(report.period)}, ${periodState(report)}`;
}

function marketingHeading(report: SlaReport): string {
  const months = `${num(report.months)} month${report.months === 1 ? "" : "s"}`;
  return `Marketing: MQLs delivered (leads that became MQLs in the period, each once), by source; target = monthly target x ${months}${report.status === "closed" ? "" : "; expected by now = target x elapsed share"}`;
}

function salesHeading(report: SlaReport): string {
  const clock = report.sla.businessHours === null ? "" : "; times are working hours";
  return `Sales: handoffs made in the period, per rep; % = in time / (in time + late or none); pending = window still open${clock}
speed = handoff to first touch; waiting = no touch or no decision yet as of ${localDay(report.asOf.toISOString())}`;
}

function verdictLines(verdicts: readonly SideVerdict[]): string {
  return verdicts.map((verdict) => `${verdict.line}\n`).join("");
}

/** The SLA report in a format; `colour` paints the verdicts on a terminal. */
export function renderSlaReport(
  report: SlaReport,
  format: OutputFormat,
  colour: boolean,
  screen?: Screen,
): string {
  if (format === "json") {
    const sources = sourceRows(report);
    const reps = repRows(report, false);
    return jsonDocument({
      ...periodJson(report.period, report.asOf),
      status: report.status,
      elapsed_pct: round1(report.elapsed * 100),
      months: Math.round(report.months * 1000) / 1000,
      sla: slaToJson(report.sla),
      marketing: {
        sources: sources.slice(0, -1),
        total: sources[sources.length - 1],
        verdict: verdictJson(report.verdicts[0]),
      },
      sales: {
        // Durations in minutes (working minutes with business hours).
        reps: reps.slice(0, -1),
        total: reps[reps.length - 1],
        verdict: verdictJson(report.verdicts[1]),
      },
      breached: report.verdicts.some((verdict) => verdict.breached),
      notes: report.notes,
    });
  }
  if (format === "csv") return renderCsv(report);
  const sources = sourceRows(report);
  const reps = repRows(report, true);
  const agreement = describeSla(report.sla)
    .map((line) => `${line}\n`)
    .join("");
  const notes = report.notes.map((note) => `${note}\n`).join("");
  if (format === "md") {
    // Source names and rep handles in the prose are data; each line ends in a hard break.
    const lines = (text: string) => markdownText(text).replace(/\n/g, "  \n");
    return [
      `## ${markdownText(heading(report))}\n\n${lines(agreement)}`,
      `### ${markdownText(marketingHeading(report))}\n\n${renderRows(sourceColumns(report), sources, format, textTable)}`,
      `### ${markdownText(salesHeading(report))}\n\n${reps.length === 1 ? "No handoffs in the period.\n" : renderRows(repColumns(report), reps, format, textTable)}`,
      `${markdownText(notes)}${lines(verdictLines(report.verdicts))}`,
    ].join("\n");
  }
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const header = (text: string) => chalk.bold(text);
  // Headings and notes wrap at the terminal's width, as the tables fit it.
  const text = (prose: string) => wrapText(neutraliseControls(prose), screen?.width);
  return [
    text(`${heading(report)}\n${agreement}`),
    `${text(marketingHeading(report))}\n${textTable(sourceColumns(report), sources, { header, cell: reportCells(colour, sources.at(-1)), screen })}`,
    `${text(salesHeading(report))}\n${reps.length === 1 ? "No handoffs in the period.\n" : textTable(repColumns(report), reps, { header, cell: reportCells(colour, reps.at(-1)), screen })}`,
    `${text(notes)}${paintedVerdicts(report, colour, screen?.width)}`,
  ].join("\n");
}

/** The verdict lines for a terminal: data in them neutralised, then painted by outcome. */
function paintedVerdicts(report: SlaReport, colour: boolean, width?: number): string {
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  return report.verdicts
    .map((verdict) => {
      const line = wrapText(neutraliseControls(verdict.line), width);
      return `${
        verdict.breached
          ? chalk.red(line)
          : verdict.status === "kept" || verdict.status === "on pace"
            ? chalk.green(line)
            : line
      }\n`;
    })
    .join("");
}

function verdictJson(verdict: SideVerdict) {
  return { status: verdict.status, breached: verdict.breached, line: verdict.line };
}

/** CSV: one row per source (side marketing) and per rep (side sales), totals included. */
function renderCsv(report: SlaReport): string {
  type CsvRow = Record<string, Cell>;
  const empty = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, null]));
  const sourceKeys = ["target", "delivered", "attainment_pct", "expected", "short"] as const;
  const reps = repRows(report, false);
  const repKeys = Object.keys(reps[0] ?? {}).filter((key) => key !== "rep");
  const rows: CsvRow[] = [
    ...sourceRows(report).map(
      (row): CsvRow => ({ side: "marketing", name: row.source, ...row, ...empty(repKeys) }),
    ),
    ...reps.map((row): CsvRow => ({ side: "sales", name: row.rep, ...empty(sourceKeys), ...row })),
  ];
  const columns: Column<CsvRow>[] = ["side", "name", ...sourceKeys, ...repKeys].map((key) => ({
    key,
    header: key,
  }));
  return renderRows(columns, rows, "csv", textTable);
}

/** `funnel sla check`: the verdict lines, or them as JSON. */
export function renderVerdicts(report: SlaReport, format: "table" | "json", colour: boolean) {
  if (format === "json")
    return jsonDocument({
      period: report.period.label,
      as_of: report.asOf.toISOString(),
      status: report.status,
      breached: report.verdicts.some((verdict) => verdict.breached),
      marketing: verdictJson(report.verdicts[0]),
      sales: verdictJson(report.verdicts[1]),
    });
  return paintedVerdicts(report, colour);
}

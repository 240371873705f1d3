import { localDay } from "../domain/dates.js";
import type { FunnelStageRow } from "../domain/funnel-math.js";
import { funnelStages } from "../domain/stages.js";
import type { FunnelReport } from "../reports/funnel-report.js";
import {
  type Column,
  jsonDocument,
  markdownText,
  type OutputFormat,
  renderRows,
  type Screen,
} from "./formats.js";
import { noLeadsText } from "./nothing-to-count.js";
import { periodHeading, periodJson, periodName } from "./report-period.js";
import { reportCells, textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

interface StageLine extends Record<string, string | number | null> {
  stage: string;
  leads: number;
  step_pct: number | null;
  cumulative_pct: number | null;
  drop_off: number | null;
  median_days: number | null;
}

const stageColumns: Column<StageLine>[] = [
  { key: "stage", header: "stage" },
  { key: "leads", header: "leads", align: "right" },
  { key: "step_pct", header: "step %", align: "right" },
  { key: "cumulative_pct", header: "cumulative %", align: "right" },
  { key: "drop_off", header: "drop-off", align: "right", priority: 2 },
  { key: "median_days", header: "median days from previous", align: "right", priority: 1 },
];

const stageLine = (row: FunnelStageRow): StageLine => ({
  stage: row.stage,
  leads: row.leads,
  step_pct: round1(row.stepPct),
  cumulative_pct: round1(row.cumulativePct),
  drop_off: row.dropOff,
  median_days: round1(row.medianDays),
});

const steps = funnelStages
  .slice(1)
  .map((stage, index) => [funnelStages[index] as string, stage] as const);
const short: Record<string, string> = { opportunity: "opp", customer: "cust" };
const name = (stage: string) => short[stage] ?? stage;

type GroupLine = Record<string, string | number | null>;

function groupColumns(by: string): Column<GroupLine>[] {
  return [
    { key: "group", header: by },
    ...funnelStages.map((stage) => ({ key: stage, header: stage, align: "right" as const })),
    ...steps.map(([from, to]) => ({
      key: `${from}_to_${to}_pct`,
      header: `${name(from)}>${name(to)} %`,
      align: "right" as const,
    })),
    { key: "lead_to_customer_pct", header: "lead>cust %", align: "right" },
  ];
}

function groupLine(group: string, rows: readonly FunnelStageRow[]): GroupLine {
  const line: GroupLine = { group };
  for (const row of rows) line[row.stage] = row.leads;
  steps.forEach(([from, to], index) => {
    line[`${from}_to_${to}_pct`] = round1(rows[index + 1]?.stepPct ?? null);
  });
  line.lead_to_customer_pct = round1(rows[rows.length - 1]?.cumulativePct ?? null);
  return line;
}

function heading(report: FunnelReport): string {
  const asOf = localDay(report.asOf.toISOString());
  const mode =
    report.mode === "cohort"
      ? `cohort: leads created in the period, and how far they got by ${asOf}`
      : `activity: leads that reached each stage in the period (up to ${asOf})`;
  const by = report.by === undefined ? "" : `, per ${report.by}`;
  return `Funnel ${periodHeading(report.period)}${by}\n${mode}`;
}

/**
 * The funnel as bars, one per stage, fitting 80 columns (or a narrower terminal): of Unicode
 * blocks on a UTF-8 terminal, of `#` elsewhere (piped, files, other locales).
 */
export function funnelChart(rows: readonly FunnelStageRow[], screen?: Screen): string {
  const top = Math.max(1, ...rows.map((row) => row.leads));
  // Stage, count, bar and share take 30 columns besides the bar.
  const width = Math.max(10, Math.min(50, (screen?.width ?? 80) - 30));
  const bar = screen?.unicode === true ? "█" : "#";
  return rows
    .map((row) => {
      const length = row.leads === 0 ? 0 : Math.max(1, Math.round((width * row.leads) / top));
      const share =
        row.cumulativePct === null
          ? ""
          : `${(Math.round(row.cumulativePct * 10) / 10).toFixed(1)} %`;
      return `${row.stage.padEnd(12)}${row.leads.toLocaleString("en-US").padStart(8)}  ${bar.repeat(length).padEnd(width)} ${share.padStart(7)}`.trimEnd();
    })
    .join("\n");
}

export function renderFunnelReport(
  report: FunnelReport,
  format: OutputFormat,
  screen?: Screen,
): string {
  const empty =
    report.noLeads === undefined
      ? null
      : noLeadsText(
          report.noLeads,
          periodName(report.period),
          report.mode === "cohort" ? "created" : "moved",
        );
  if (format === "json") {
    const stages = (rows: readonly FunnelStageRow[]) => rows.map(stageLine);
    return jsonDocument({
      ...periodJson(report.period, report.asOf),
      mode: report.mode,
      by: report.by ?? null,
      stages: stages(report.total),
      groups: report.groups.map((group) => ({ name: group.name, stages: stages(group.rows) })),
      empty,
    });
  }
  // A table of zeros would look like data: one sentence says why there is none.
  if (empty !== null && format === "md")
    return `## ${markdownText(heading(report)).replace("\n", "\n\n")}\n\n${markdownText(empty)}\n`;
  if (empty !== null && format === "table")
    return `${wrapText(neutraliseControls(`${heading(report)}\n\n${empty}`), screen?.width)}\n`;
  let table: string;
  if (report.by === undefined)
    table = renderRows(stageColumns, report.total.map(stageLine), format, textTable, screen);
  else {
    const lines = [
      ...report.groups.map((group) => groupLine(group.name, group.rows)),
      groupLine("total", report.total),
    ];
    const cell = reportCells(screen?.colour === true, lines.at(-1));
    table = renderRows(
      groupColumns(report.by),
      lines,
      format,
      (columns, rows, options) => textTable(columns, rows, { ...options, cell }),
      screen,
    );
  }
  if (format === "csv") return table;
  if (format === "md")
    return `## ${markdownText(heading(report)).replace("\n", "\n\n")}\n\n${table}`;
  const chart = report.by === undefined ? `\n${funnelChart(report.total, screen)}\n` : "";
  return `${wrapText(neutraliseControls(heading(report)), screen?.width)}\n\n${table}${chart}`;
}

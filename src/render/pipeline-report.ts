import { Chalk } from "chalk";
import { localDay } from "../domain/dates.js";
import type { PipelineReport, PipelineStageRow, StaleDeal } from "../reports/pipeline-report.js";
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
import { textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

type Cell = string | number | ExactNumber | null;

interface StageLine extends Record<string, Cell> {
  group: Cell;
  stage: string;
  probability_pct: Cell;
  deals: number;
  value: Cell;
  weighted_value: Cell;
  average_age_days: Cell;
  stale: number;
  stale_after_days: Cell;
}

interface StaleLine extends Record<string, Cell> {
  id: number;
  external_id: Cell;
  name: Cell;
  account: Cell;
  owner: string;
  team: Cell;
  stage: string;
  value: Cell;
  opened_at: string;
  last_change_at: string;
  age_days: number;
  idle_days: number;
  stale_after_days: number;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function stageLine(report: PipelineReport, format: OutputFormat) {
  const money = moneyFormatter(report.currency, format);
  return (row: PipelineStageRow): StageLine => ({
    group: row.group,
    stage: row.stage,
    probability_pct: row.probability,
    deals: row.deals,
    value: money(row.value),
    weighted_value: money(Math.round(row.weightedValue)),
    average_age_days: round1(row.averageAgeDays),
    stale: row.stale,
    stale_after_days: row.staleAfterDays,
  });
}

/** Stage rows, each block's total (with --by) and the report's total, for a table or CSV. */
function stageLines(report: PipelineReport, format: OutputFormat): StageLine[] {
  const line = stageLine(report, format);
  const lines = report.blocks.flatMap((block) => [
    ...block.rows.map(line),
    // One block alone: its total is the report's total, shown once below.
    ...(report.by === null ? [] : [line(block.total)]),
  ]);
  return [...lines, { ...line(report.total), group: report.by === null ? null : "all" }];
}

function staleLines(report: PipelineReport, format: OutputFormat): StaleLine[] {
  const money = moneyFormatter(report.currency, format);
  const people = format === "table" || format === "md";
  return report.staleDeals.map(
    (deal: StaleDeal): StaleLine => ({
      id: deal.id,
      external_id: deal.externalId,
      name: deal.name,
      account: deal.account,
      owner: deal.owner,
      team: deal.team,
      stage: deal.stage,
      value: money(deal.amount),
      opened_at: people ? localDay(deal.openedAt) : deal.openedAt,
      last_change_at: people ? localDay(deal.lastChangeAt) : deal.lastChangeAt,
      age_days: deal.ageDays,
      idle_days: deal.idleDays,
      stale_after_days: deal.staleAfterDays,
    }),
  );
}

function stageColumns(report: PipelineReport): Column<StageLine>[] {
  return [
    ...(report.by === null ? [] : [{ key: "group", header: report.by } as Column<StageLine>]),
    { key: "stage", header: "stage" },
    { key: "probability_pct", header: "prob %", align: "right", priority: 3 },
    { key: "deals", header: "deals", align: "right" },
    { key: "value", header: "value", align: "right" },
    { key: "weighted_value", header: "weighted", align: "right" },
    { key: "average_age_days", header: "avg age d", align: "right", priority: 2 },
    { key: "stale", header: "stale", align: "right" },
    { key: "stale_after_days", header: "stale after d", align: "right", priority: 5 },
  ];
}

const staleColumns: Column<StaleLine>[] = [
  { key: "id", header: "id", align: "right" },
  { key: "external_id", header: "external id", priority: 4 },
  { key: "name", header: "name" },
  { key: "account", header: "account", priority: 3 },
  { key: "owner", header: "owner", priority: 1 },
  { key: "stage", header: "stage" },
  { key: "value", header: "value", align: "right" },
  { key: "last_change_at", header: "last change", priority: 2 },
  { key: "idle_days", header: "idle d", align: "right" },
  { key: "stale_after_days", header: "stale after d", align: "right", priority: 5 },
];

function heading(report: PipelineReport): string {
  const day = localDay(report.asOf.toISOString());
  const per = report.by === null ? "" : `, per ${report.by}`;
  const threshold =
    report.staleDaysOverride === null
      ? "its stage's threshold (stale after d)"
      : `${report.staleDaysOverride} days (--stale-days)`;
  return (
    `Open pipeline as of ${day}${per}\n` +
    `value and weighted in ${report.currency}; weighted = value x stage probability; ` +
    `age = days since opened; stale = no stage change for longer than ${threshold}`
  );
}

function staleHeading(report: PipelineReport): string {
  return report.staleDeals.length === 0
    ? "No stale deals."
    : `Stale deals (${report.staleDeals.length}), longest idle first:`;
}

function footer(report: PipelineReport): string {
  return report.notes.map((note) => `${note}\n`).join("");
}

/** Stale deals a terminal shows without --all: the longest idle. */
const staleOnScreen = 20;

/**
 * The pipeline report in a format; stale deals follow the table (and are in the JSON). On a
 * terminal (`screen`) the 20 longest idle of them, unless `all`.
 */
export function renderPipelineReport(
  report: PipelineReport,
  format: OutputFormat,
  colour: boolean,
  screen?: Screen,
  all = false,
): string {
  if (format === "json") {
    const line = stageLine(report, format);
    return jsonDocument({
      as_of: report.asOf.toISOString(),
      by: report.by,
      currency: report.currency,
      stale_days_override: report.staleDaysOverride,
      rows: report.blocks.flatMap((block) => block.rows.map(line)),
      group_totals: report.by === null ? [] : report.blocks.map((block) => line(block.total)),
      total: line(report.total),
      stale_deals: staleLines(report, format),
      notes: report.notes,
    });
  }
  if (format === "csv")
    return renderRows(stageColumns(report), stageLines(report, format), format, textTable);
  const stages = stageLines(report, format);
  const stale = staleLines(report, format);
  if (format === "md") {
    const staleTable =
      stale.length === 0 ? "" : `\n${renderRows(staleColumns, stale, format, textTable)}`;
    return (
      `## ${markdownText(heading(report)).replace("\n", "\n\n")}\n\n` +
      renderRows(stageColumns(report), stages, format, textTable) +
      `\n### ${markdownText(staleHeading(report))}\n${staleTable}\n${markdownText(footer(report))}`
    );
  }
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  const style = {
    header: (text: string) => chalk.bold(text),
    cell: (key: string, row: Record<string, Cell>, text: string) =>
      (key === "stale" && (row.stale as number) > 0) || key === "idle_days"
        ? chalk.yellow(text)
        : row.stage === "total" && key !== "idle_days"
          ? chalk.bold(text)
          : text,
  };
  const cut = screen?.terminal === true && !all && stale.length > staleOnScreen;
  const staleShown = cut ? stale.slice(0, staleOnScreen) : stale;
  const more = cut
    ? `${chalk.dim(wrapText(`… ${stale.length - staleOnScreen} more stale deals; --all lists them all`, screen?.width))}\n`
    : "";
  const staleTable =
    stale.length === 0 ? "" : textTable(staleColumns, staleShown, { ...style, screen }) + more;
  // The notes quote stage names from the deals.
  const notes = wrapText(neutraliseControls(footer(report)), screen?.width);
  return (
    `${wrapText(neutraliseControls(heading(report)), screen?.width)}\n\n${textTable(stageColumns(report), stages, { ...style, screen })}\n` +
    `${staleHeading(report)}\n${staleTable}${notes === "" ? "" : `\n${notes}`}`
  );
}

import { localDay } from "../domain/dates.js";
import { attainmentBand } from "../domain/quota-math.js";
import { sameQuotaReps } from "../domain/quota-rollup.js";
import type { MonthlyReport } from "../reports/monthly-report.js";
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
import { anythingDone, noQuotaText } from "./quota-report.js";
import { periodJson, periodName, periodSpan } from "./report-period.js";
import { attainmentSvg, escapeXml, funnelSvg, trendSvg } from "./svg-charts.js";
import { reportCells, textTable, wrapText } from "./table.js";
import { neutraliseControls } from "./terminal.js";

type Cell = string | number | ExactNumber | null;
type Line = Record<string, Cell>;

/** One part of the digest: a titled table, and for HTML a chart above it. */
interface Section {
  /** Its key in the JSON form. */
  readonly id: string;
  readonly title: string;
  readonly note?: string;
  /** Lines after the table: what its figures leave out. */
  readonly footnotes?: readonly string[];
  /** Why there is nothing to show: a sentence instead of an empty table. */
  readonly empty?: string | null;
  readonly columns: readonly Column<Line>[];
  readonly rows: readonly Line[];
  /** The row that sums the others, if any (one of `rows`). */
  readonly total?: Line;
  readonly chart?: string;
}

/** The columns that show a change against the period before (see `delta`). */
const changeColumns = new Set(["change_pp", "change", "mqls_change"]);

const round1 = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Math.round(value * 10) / 10;

/** A change as people read it: `+3`, `-1.5`, `0`; blank when either side is missing. */
function delta(now: number | null | undefined, before: number | null | undefined): string | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  const change = Math.round((now - before) * 10) / 10;
  return change > 0 ? `+${change}` : String(change);
}

const right = (key: string, header: string): Column<Line> => ({ key, header, align: "right" });

function sections(report: MonthlyReport, format: OutputFormat | "html"): Section[] {
  const money = moneyFormatter(report.quota.currency, format === "html" ? "table" : format);
  const before = new Map(report.quotaPrevious.rows.map((row) => [row.name, row]));
  const quotaRows = [...report.quota.rows, report.quota.total];
  const leavesOut = quotaRows.filter((row) => row.leftOut !== null);
  let unlike = false;
  const quotaLines = quotaRows.map((row) => {
    const previous = row.kind === "total" ? report.quotaPrevious.total : before.get(row.name);
    // Attainments of quotas for other reps compare unlike things: no change between them.
    const like = previous === undefined || sameQuotaReps(row, previous);
    if (!like && row.attainmentPct !== null && previous.attainmentPct !== null) unlike = true;
    return {
      rep: row.name,
      quota: row.quota === null ? null : money(row.quota),
      achieved: money(row.achieved),
      uncovered: row.uncovered === null ? null : money(row.uncovered),
      attainment_pct: round1(row.attainmentPct),
      previous_pct: round1(previous?.attainmentPct),
      change_pp: like ? delta(round1(row.attainmentPct), round1(previous?.attainmentPct)) : null,
      won: row.won,
      win_rate_pct: round1(row.winRatePct),
      left_out: row.leftOut,
    };
  });
  const [name, previousName] = [periodName(report.period), periodName(report.previous)];
  const noQuota = noQuotaText(report.quota);
  const quotaEmpty =
    noQuota !== null &&
    noQuotaText(report.quotaPrevious) !== null &&
    !anythingDone(report.quota) &&
    !anythingDone(report.quotaPrevious);
  const quota: Section = {
    id: "quota",
    empty: quotaEmpty ? noQuotaText(report.quota, `${name} or ${previousName}`) : null,
    title: `Quota attainment, revenue won (${report.quota.currency})`,
    note: `attainment against ${report.previous.label} in percentage points`,
    columns: [
      { key: "rep", header: "rep" },
      right("quota", "quota"),
      right("achieved", "achieved"),
      ...(leavesOut.length > 0 ? [right("uncovered", "uncovered")] : []),
      right("attainment_pct", "attain %"),
      right("previous_pct", `${report.previous.label} %`),
      right("change_pp", "change pp"),
      right("won", "won"),
      right("win_rate_pct", "win %"),
    ],
    rows: quotaLines,
    total: quotaLines.at(-1),
    footnotes: [
      ...(leavesOut.length === 0
        ? []
        : [
            "uncovered = achieved outside what the quota covers (reps or months without one); attainment counts only what it covers",
            ...leavesOut.map((row) => `${row.name} leaves out ${row.leftOut}`),
          ]),
      ...(unlike
        ? [`change pp is blank where the quota covers other reps than in ${report.previous.label}`]
        : []),
      ...(noQuota === null || quotaEmpty ? [] : [noQuota]),
    ],
    chart: attainmentSvg(
      report.quota.rows.map((row) => ({
        name: row.name,
        achieved: row.achieved,
        quota: row.quota,
        band: attainmentBand(row.attainmentPct),
        label:
          row.attainmentPct === null
            ? `${money(row.achieved)} (no quota)`
            : `${round1(row.attainmentPct)} % of ${money(row.quota)}`,
      })),
    ),
  };
  const funnelBefore = report.funnelPrevious.total;
  const between = `${name} or ${previousName}`;
  const funnel: Section = {
    id: "funnel",
    empty:
      report.funnel.noLeads !== undefined && report.funnelPrevious.noLeads !== undefined
        ? noLeadsText(report.funnel.noLeads, between, "created")
        : null,
    title: "Funnel (leads created in the period, how far they got)",
    columns: [
      { key: "stage", header: "stage" },
      right("leads", "leads"),
      right("cumulative_pct", "cumulative %"),
      right("previous_leads", `${report.previous.label}`),
      right("change", "change"),
      right("median_days", "median days from previous"),
    ],
    rows: report.funnel.total.map((row, index) => ({
      stage: row.stage,
      leads: row.leads,
      cumulative_pct: round1(row.cumulativePct),
      previous_leads: funnelBefore[index]?.leads ?? null,
      change: delta(row.leads, funnelBefore[index]?.leads),
      median_days: round1(row.medianDays),
    })),
    chart: funnelSvg(report.funnel.total),
  };
  const sourcesBefore = new Map(report.sourcesPrevious.rows.map((row) => [row.source, row]));
  const sourceLines = [...report.sources.rows, report.sources.total].map((row) => {
    const previous =
      row.source === "total" ? report.sourcesPrevious.total : sourcesBefore.get(row.source);
    return {
      source: row.source,
      leads: row.leads,
      mqls: row.mqls,
      mqls_change: delta(row.mqls, previous?.mqls ?? 0),
      accepted: row.accepted,
      rejected: row.rejected,
      won_revenue: money(row.wonRevenue),
      mql_to_won_pct: round1(row.mqlToWonPct),
    };
  });
  const sources: Section = {
    id: "sources",
    empty:
      report.sources.noLeads !== undefined && report.sourcesPrevious.noLeads !== undefined
        ? noLeadsText(report.sources.noLeads, between, "created")
        : null,
    title: "Sources (leads created in the period)",
    columns: [
      { key: "source", header: "source" },
      right("leads", "leads"),
      right("mqls", "MQLs"),
      right("mqls_change", "MQLs change"),
      right("accepted", "accepted"),
      right("rejected", "rejected"),
      right("won_revenue", "won revenue"),
      right("mql_to_won_pct", "MQL>won %"),
    ],
    rows: sourceLines,
    total: sourceLines.at(-1),
  };
  const { months, series } = report.mqlTrend;
  const trend: Section = {
    id: "mql_trend",
    empty: series.length === 0 ? "No lead became an MQL in these months" : null,
    title: `MQLs per source, ${months[0]} to ${months[months.length - 1]}`,
    columns: [{ key: "source", header: "source" }, ...months.map((month) => right(month, month))],
    rows: series.map((entry) => ({
      source: entry.source,
      ...Object.fromEntries(months.map((month, index) => [month, entry.values[index] ?? 0])),
    })),
    chart: trendSvg(
      months,
      series.map((entry) => ({ name: entry.source, values: entry.values })),
      "MQLs delivered per source and month",
    ),
  };
  const slaSection: Section[] =
    report.sla === undefined
      ? [
          {
            id: "sla",
            title: "SLA",
            empty:
              "No SLA is set; set one with: funnel sla set --mql-target N --follow-up-hours H --decision-days D",
            columns: [],
            rows: [],
          },
        ]
      : [
          {
            id: "sla",
            title: "SLA",
            note: `status in ${report.previous.label} beside`,
            columns: [
              { key: "side", header: "side" },
              { key: "status", header: "status" },
              { key: "previous_status", header: report.previous.label },
              { key: "detail", header: "detail" },
            ],
            rows: report.sla.current.verdicts.map((verdict, index) => ({
              side: verdict.side,
              status: verdict.status,
              previous_status: report.sla?.previous.verdicts[index]?.status ?? null,
              detail: verdict.detail,
            })),
          },
        ];
  const pipelineBefore = new Map(
    report.pipelinePrevious.blocks.flatMap((block) => block.rows).map((row) => [row.stage, row]),
  );
  const pipelineLines = [
    ...report.pipeline.blocks.flatMap((block) => block.rows),
    report.pipeline.total,
  ]
    .filter(
      (row) =>
        row.kind === "total" || row.deals > 0 || (pipelineBefore.get(row.stage)?.deals ?? 0) > 0,
    )
    .map((row) => {
      const before =
        row.kind === "total" ? report.pipelinePrevious.total : pipelineBefore.get(row.stage);
      return {
        stage: row.stage,
        deals: row.deals,
        previous_deals: before?.deals ?? 0,
        change: delta(row.deals, before?.deals ?? 0),
        value: money(row.value),
        weighted: money(Math.round(row.weightedValue)),
        stale: row.stale,
      };
    });
  const pipeline: Section = {
    id: "pipeline",
    empty:
      report.pipeline.total.deals === 0 && report.pipelinePrevious.total.deals === 0
        ? `No deal was open at the end of ${name} or of ${previousName}`
        : null,
    title: `Open pipeline at the end of the period (${report.pipeline.currency})`,
    note: `deals beside the end of ${report.previous.label}`,
    columns: [
      { key: "stage", header: "stage" },
      right("deals", "deals"),
      right("previous_deals", report.previous.label),
      right("change", "change"),
      right("value", "value"),
      right("weighted", "weighted"),
      right("stale", "stale"),
    ],
    rows: pipelineLines,
    total: pipelineLines.at(-1),
  };
  return [quota, funnel, sources, ...slaSection, pipeline, trend];
}

function heading(report: MonthlyReport): [string, string] {
  const [name, span] = [periodName(report.period), periodSpan(report.period)];
  return [
    `Monthly report ${name}`,
    `${name === span ? "" : `${span}, `}compared with ${periodName(report.previous)}; figures as of ${localDay(report.asOf.toISOString())}`,
  ];
}

export function renderMonthlyReport(
  report: MonthlyReport,
  format: OutputFormat | "html",
  screen?: Screen,
): string {
  if (format === "json") return jsonDocument(monthlyJson(report));
  const [title, subtitle] = heading(report);
  const parts = sections(report, format);
  if (format === "html") return html(title, subtitle, parts);
  const footnotes = (part: Section) =>
    part.footnotes === undefined || part.footnotes.length === 0
      ? ""
      : `\n${part.footnotes.map((line) => `${line}\n`).join("")}`;
  if (format === "md")
    return `# ${markdownText(title)}\n\n${markdownText(subtitle)}\n\n${parts
      .map(
        (part) =>
          `## ${markdownText(part.title)}\n\n${
            part.empty == null
              ? `${part.note === undefined ? "" : `${markdownText(part.note)}\n\n`}${renderRows(part.columns, part.rows, "md", textTable)}`
              : `${markdownText(part.empty)}\n`
          }${markdownText(footnotes(part))}`,
      )
      .join("\n")}`;
  if (format === "csv") throw new Error("the monthly report has no CSV form");
  // Titles and footnotes wrap at the terminal's width, as the tables fit it.
  const text = (prose: string) => wrapText(neutraliseControls(prose), screen?.width);
  return `${text(`${title}\n${subtitle}`)}\n\n${parts
    .map((part) =>
      part.empty == null
        ? `${text(`${part.title}${part.note === undefined ? "" : ` (${part.note})`}`)}\n${textTable(part.columns, part.rows, { cell: reportCells(screen?.colour === true, part.total, changeColumns), screen })}${text(footnotes(part))}`
        : `${text(`${part.title}\n${part.empty}`)}\n`,
    )
    .join("\n")}`;
}

/** The same figures as the other formats, as data. */
function monthlyJson(report: MonthlyReport) {
  const parts = sections(report, "json");
  return {
    ...periodJson(report.period, report.asOf),
    previous: periodJson(report.previous, report.asOf).period,
    ...Object.fromEntries(parts.map((part) => [part.id, part.rows])),
    // Sections with nothing to count, and why.
    empty: Object.fromEntries(
      parts.flatMap((part) => (part.empty == null ? [] : [[part.id, part.empty]])),
    ),
  };
}

const styles = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;max-width:1000px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}
.sub,.note{color:#6b7280}table{border-collapse:collapse;margin:.6rem 0;font-variant-numeric:tabular-nums}
th,td{padding:.25rem .7rem;border-bottom:1px solid #f3f4f6;text-align:left}th{background:#f9fafb;font-weight:600}
td.num,th.num{text-align:right}tr.total td{font-weight:600}figure{margin:.8rem 0}svg{max-width:100%;height:auto}`;

/** One self-contained page: inline styles and SVG, no script, no external asset. */
function html(title: string, subtitle: string, parts: readonly Section[]): string {
  const cell = (value: Cell) => escapeXml(value === null ? "" : String(value));
  const body = parts
    .map((part) => {
      const head = part.columns
        .map(
          (column) =>
            `<th${column.align === "right" ? ' class="num"' : ""}>${escapeXml(column.header)}</th>`,
        )
        .join("");
      const rows = part.rows
        .map(
          (row) =>
            `<tr${row === part.total ? ' class="total"' : ""}>${part.columns
              .map(
                (column) =>
                  `<td${column.align === "right" ? ' class="num"' : ""} data-key="${escapeXml(column.key)}">${cell(row[column.key] ?? null)}</td>`,
              )
              .join("")}</tr>`,
        )
        .join("\n");
      const opening = `<section data-section="${escapeXml(part.title)}"><h2>${escapeXml(part.title)}</h2>`;
      if (part.empty != null) return `${opening}<p>${escapeXml(part.empty)}</p></section>`;
      return (
        opening +
        (part.note === undefined ? "" : `<p class="note">${escapeXml(part.note)}</p>`) +
        (part.chart === undefined ? "" : `<figure>${part.chart}</figure>`) +
        `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>` +
        (part.footnotes ?? []).map((line) => `<p class="note">${escapeXml(line)}</p>`).join("") +
        "</section>"
      );
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title><style>${styles}</style></head>
<body><h1>${escapeXml(title)}</h1><p class="sub">${escapeXml(subtitle)}</p>
${body}
</body></html>
`;
}

/**
 * Charts as inline SVG for the HTML report: no script, no external asset, text escaped. Each
 * mark carries `data-label` and `data-value`, so a test can read back what was drawn.
 */

import { neutraliseControls } from "./terminal.js";

const width = 720;
const palette = [
  "#2563eb",
  "#16a34a",
  "#d97706",
  "#dc2626",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#4b5563",
];
const bandColour = { good: "#16a34a", warn: "#d97706", bad: "#dc2626", none: "#9ca3af" };

/**
 * Text and attribute values (always double-quoted) in the HTML report and its SVG: markup
 * escaped, and control characters shown as `\u001b`-style text, as on a terminal.
 */
export function escapeXml(text: string): string {
  return neutraliseControls(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const number = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 1 });

function svg(height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<style>text{font:12px system-ui,sans-serif;fill:#111827}.muted{fill:#6b7280}</style>${body}</svg>`
  );
}

/** The funnel: one centred bar per stage, as wide as its share of the top. */
export function funnelSvg(
  rows: readonly { stage: string; leads: number; cumulativePct: number | null }[],
): string {
  const rowHeight = 34;
  const barArea = 420;
  const left = 130;
  const top = Math.max(1, ...rows.map((row) => row.leads));
  const body = rows
    .map((row, index) => {
      const barWidth = row.leads === 0 ? 0 : Math.max(2, (barArea * row.leads) / top);
      const x = left + (barArea - barWidth) / 2;
      const y = 8 + index * rowHeight;
      const share = row.cumulativePct === null ? "" : ` (${number(row.cumulativePct)} %)`;
      return (
        `<text x="${left - 10}" y="${y + 17}" text-anchor="end">${escapeXml(row.stage)}</text>` +
        `<rect class="bar" data-label="${escapeXml(row.stage)}" data-value="${row.leads}" x="${x.toFixed(1)}" y="${y}" width="${barWidth.toFixed(1)}" height="${rowHeight - 8}" rx="3" fill="${palette[0]}"/>` +
        `<text x="${left + barArea + 10}" y="${y + 17}">${number(row.leads)}${escapeXml(share)}</text>`
      );
    })
    .join("");
  return svg(16 + rows.length * rowHeight, "Funnel: leads per stage", body);
}

/** Achieved against quota per row: a bar coloured by attainment, a tick at the quota. */
export function attainmentSvg(
  rows: readonly {
    name: string;
    achieved: number;
    quota: number | null;
    band: "good" | "warn" | "bad" | null;
    label: string;
  }[],
): string {
  const rowHeight = 30;
  const left = 140;
  const barArea = 430;
  const scale = Math.max(1, ...rows.flatMap((row) => [row.achieved, row.quota ?? 0]));
  const body = rows
    .map((row, index) => {
      const y = 8 + index * rowHeight;
      const barWidth = (barArea * Math.max(0, row.achieved)) / scale;
      const quota =
        row.quota === null
          ? ""
          : `<line class="quota" data-label="${escapeXml(row.name)}" data-value="${row.quota}" x1="${(left + (barArea * row.quota) / scale).toFixed(1)}" x2="${(left + (barArea * row.quota) / scale).toFixed(1)}" y1="${y - 3}" y2="${y + rowHeight - 5}" stroke="#111827" stroke-width="2"/>`;
      return (
        `<text x="${left - 10}" y="${y + 15}" text-anchor="end">${escapeXml(row.name)}</text>` +
        `<rect class="bar" data-label="${escapeXml(row.name)}" data-value="${row.achieved}" x="${left}" y="${y}" width="${barWidth.toFixed(1)}" height="${rowHeight - 10}" rx="2" fill="${bandColour[row.band ?? "none"]}"/>` +
        quota +
        `<text x="${left + barArea + 12}" y="${y + 15}">${escapeXml(row.label)}</text>`
      );
    })
    .join("");
  return svg(
    16 + rows.length * rowHeight,
    "Quota attainment: achieved (bar) against quota (tick)",
    body,
  );
}

/** Counts per month, one line per series, with a legend. */
export function trendSvg(
  months: readonly string[],
  series: readonly { name: string; values: readonly number[] }[],
  title: string,
): string {
  const height = 260;
  const plot = { left: 50, right: width - 170, top: 14, bottom: height - 30 };
  const max = Math.max(1, ...series.flatMap((entry) => entry.values));
  const x = (index: number) =>
    months.length <= 1
      ? (plot.left + plot.right) / 2
      : plot.left + ((plot.right - plot.left) * index) / (months.length - 1);
  const y = (value: number) => plot.bottom - ((plot.bottom - plot.top) * value) / max;
  const axes =
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#d1d5db"/>` +
    `<text class="muted" x="${plot.left - 6}" y="${plot.top + 4}" text-anchor="end">${number(max)}</text>` +
    `<text class="muted" x="${plot.left - 6}" y="${plot.bottom}" text-anchor="end">0</text>` +
    months
      .map(
        (month, index) =>
          `<text class="muted" x="${x(index).toFixed(1)}" y="${plot.bottom + 18}" text-anchor="middle">${escapeXml(month)}</text>`,
      )
      .join("");
  const lines = series
    .map((entry, index) => {
      const colour = palette[index % palette.length];
      const points = entry.values.map((value, at) => `${x(at).toFixed(1)},${y(value).toFixed(1)}`);
      const dots = entry.values
        .map(
          (value, at) =>
            `<circle class="point" data-label="${escapeXml(`${entry.name} ${months[at] ?? ""}`)}" data-value="${value}" cx="${x(at).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="${colour}"/>`,
        )
        .join("");
      const legendY = plot.top + 4 + index * 18;
      return (
        `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(" ")}"/>${dots}` +
        `<rect x="${plot.right + 20}" y="${legendY - 9}" width="10" height="10" fill="${colour}"/>` +
        `<text x="${plot.right + 36}" y="${legendY}">${escapeXml(entry.name)}</text>`
      );
    })
    .join("");
  return svg(height, title, axes + lines);
}

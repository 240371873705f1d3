import { createRequire } from "node:module";
import type { Column, ExactNumber } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

// cli-table3 (and string-width, emoji-regex, ...) loads on the first table, not at start-up:
// a report written as JSON or CSV never draws one. It is CommonJS, so require() is synchronous.
const require = createRequire(import.meta.url);
let tableClass: typeof import("cli-table3") | undefined;

type Cell = string | number | boolean | ExactNumber | null | undefined;

/**
 * cli-table3 lays a table out in time that grows with the square of its rows (8,089 stale
 * deals took 11 s): a longer table is laid out this many rows at a time, every part with the
 * widths of the widest cells of all.
 */
const rowsPerLayout = 200;

/**
 * A boxed-free, aligned text table for a terminal, with control characters in its cells and
 * headers neutralised, then styled: funnel's own escapes are never neutralised themselves.
 */
export function textTable<Row extends Record<string, Cell>>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  style: {
    header: (text: string) => string;
    /** Colours a cell after its text was made safe (control characters neutralised). */
    cell?: (key: keyof Row & string, row: Row, text: string) => string;
  } = { header: (text) => text },
  layoutRows = rowsPerLayout,
): string {
  tableClass ??= require("cli-table3") as typeof import("cli-table3");
  const table = tableClass;
  // Headers can quote data too (`amount EUR`, a period's label): made safe before styling.
  const head = columns.map((column) => style.header(oneLine(column.header)));
  const cells = rows.map((row) =>
    columns.map((column) => {
      const text = oneLine(row[column.key]);
      return style.cell === undefined ? text : style.cell(column.key, row, text);
    }),
  );
  /** Lays out `part` (with the header when `withHead`); fills `widths` when they are not set. */
  const layOut = (part: string[][], withHead: boolean, widths: number[]) => {
    const layout = new table({
      head: withHead ? head : [],
      colWidths: widths,
      colAligns: columns.map((column) => column.align ?? "left"),
      chars: {
        top: "",
        "top-mid": "",
        "top-left": "",
        "top-right": "",
        bottom: "",
        "bottom-mid": "",
        "bottom-left": "",
        "bottom-right": "",
        left: "",
        "left-mid": "",
        mid: "",
        "mid-mid": "",
        right: "",
        "right-mid": "",
        middle: "  ",
      },
      style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
    });
    layout.push(...part);
    return layout.toString();
  };
  const parts: string[][][] = [];
  for (let start = 0; start < cells.length || parts.length === 0; start += layoutRows)
    parts.push(cells.slice(start, start + layoutRows));
  let widths: number[] = [];
  if (parts.length > 1) {
    // The widths each part would take alone (cli-table3 writes them into colWidths), then
    // the widest of each column for all.
    widths = columns.map(() => 0);
    for (const part of parts) {
      const own: number[] = [];
      layOut(part, true, own);
      own.forEach((width, index) => {
        widths[index] = Math.max(widths[index] ?? 0, width);
      });
    }
  }
  const text = parts.map((part, index) => layOut(part, index === 0, [...widths])).join("\n");
  return `${text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}

/** Label/value pairs, aligned: the shape of a `show` command. */
export function textRecord(pairs: readonly (readonly [string, Cell])[]): string {
  // Labels can be data too: attribute names come from CSV headers.
  const shown = pairs.map(([label, value]) => [oneLine(label), oneLine(value)] as const);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return `${shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}

function oneLine(value: Cell): string {
  if (value === null || value === undefined) return "";
  return neutraliseControls(String(value).replace(/\r?\n/g, " ⏎ "));
}

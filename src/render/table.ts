import { createRequire } from "node:module";
import type { Column } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

// cli-table3 (and string-width, emoji-regex, ...) loads on the first table, not at start-up:
// a report written as JSON or CSV never draws one. It is CommonJS, so require() is synchronous.
const require = createRequire(import.meta.url);
let tableClass: typeof import("cli-table3") | undefined;

type Cell = string | number | boolean | null | undefined;

/** A boxed-free, aligned text table for a terminal, with control characters neutralised. */
export function textTable<Row extends Record<string, Cell>>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  style: {
    header: (text: string) => string;
    /** Colours a cell after its text was made safe (control characters neutralised). */
    cell?: (key: keyof Row & string, row: Row, text: string) => string;
  } = { header: (text) => text },
): string {
  tableClass ??= require("cli-table3") as typeof import("cli-table3");
  const table = new tableClass({
    head: columns.map((column) => style.header(column.header)),
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
  for (const row of rows) {
    table.push(
      columns.map((column) => {
        const text = oneLine(row[column.key]);
        return style.cell === undefined ? text : style.cell(column.key, row, text);
      }),
    );
  }
  return `${table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}

/** Label/value pairs, aligned: the shape of a `show` command. */
export function textRecord(pairs: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return `${pairs.map(([label, value]) => `${label.padEnd(width)}  ${oneLine(value)}`).join("\n")}\n`;
}

function oneLine(value: Cell): string {
  if (value === null || value === undefined) return "";
  return neutraliseControls(String(value).replace(/\r?\n/g, " ⏎ "));
}

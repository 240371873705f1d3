import { createRequire } from "node:module";
import type { Column, ExactNumber } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

// string-width (CommonJS) loads on the first cell that is not plain ASCII, not at start-up.
const require = createRequire(import.meta.url);
let stringWidth: ((text: string) => number) | undefined;

type Cell = string | number | boolean | ExactNumber | null | undefined;

// Printable ASCII is one column a character: most cells (ids, amounts, dates, emails) are.
const printableAscii = /^[\x20-\x7e]*$/;

/**
 * The columns `text` takes on a terminal: wide (CJK) characters and emoji count two,
 * combining marks and control characters none, styling escapes nothing.
 */
export function displayWidth(text: string): number {
  if (printableAscii.test(text)) return text.length;
  stringWidth ??= require("string-width") as (text: string) => number;
  return stringWidth(text);
}

/**
 * A borderless, aligned text table for a terminal: columns two spaces apart, each as wide as
 * its widest cell (by display width), no trailing spaces. Control characters in cells and
 * headers are neutralised, then styled: funnel's own escapes are never neutralised themselves.
 * Laid out here rather than by cli-table3, which took ~35 µs a cell and time growing with the
 * square of the rows (8,089 stale deals took 11 s).
 */
export function textTable<Row extends Record<string, Cell>>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  style: {
    header: (text: string) => string;
    /** Colours a cell after its text was made safe (control characters neutralised). */
    cell?: (key: keyof Row & string, row: Row, text: string) => string;
  } = { header: (text) => text },
): string {
  // Headers can quote data too (`amount EUR`, a period's label): made safe before styling.
  const head = columns.map((column) => oneLine(column.header));
  const cells = rows.map((row) => columns.map((column) => oneLine(row[column.key])));
  const widths = head.map(displayWidth);
  for (const line of cells)
    line.forEach((text, index) => {
      const width = displayWidth(text);
      if (width > (widths[index] ?? 0)) widths[index] = width;
    });
  const lineOf = (texts: readonly string[], styled: (text: string, index: number) => string) =>
    texts
      .map((text, index) => {
        const padding = " ".repeat((widths[index] ?? 0) - displayWidth(text));
        const shown = styled(text, index);
        return columns[index]?.align === "right" ? padding + shown : shown + padding;
      })
      .join("  ")
      .trimEnd();
  const { cell } = style;
  const lines = [lineOf(head, (text) => style.header(text))];
  rows.forEach((row, rowIndex) => {
    lines.push(
      lineOf(cells[rowIndex] ?? [], (text, index) => {
        const column = columns[index];
        return cell === undefined || column === undefined ? text : cell(column.key, row, text);
      }),
    );
  });
  return `${lines.join("\n")}\n`;
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

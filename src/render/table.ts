import { createRequire } from "node:module";
import { Chalk } from "chalk";
import type { Column, ExactNumber, Screen } from "./formats.js";
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
 *
 * Given a `screen`, the table fits its width: long text cells are shortened with `…` first,
 * then columns are left out by priority (see Column), and one dim line says which.
 */
export function textTable<Row extends Record<string, Cell>>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: {
    header?: (text: string) => string;
    /** Colours a cell after its text was made safe (control characters neutralised). */
    cell?: (key: keyof Row & string, row: Row, text: string) => string;
    screen?: Screen | undefined;
  } = {},
): string {
  // Headers can quote data too (`amount EUR`, a period's label): made safe before styling.
  const head = columns.map((column) => oneLine(column.header));
  const cells = rows.map((row) => columns.map((column) => oneLine(row[column.key])));
  const natural = head.map(displayWidth);
  for (const line of cells)
    line.forEach((text, index) => {
      const width = displayWidth(text);
      if (width > (natural[index] ?? 0)) natural[index] = width;
    });
  const fitTo = options.screen?.width;
  const { shown, widths } =
    fitTo === undefined
      ? { shown: columns.map((_, index) => index), widths: natural }
      : fitColumns(columns, head, natural, fitTo);
  const lineOf = (texts: readonly string[], styled: (text: string, index: number) => string) =>
    shown
      .map((index) => {
        const width = widths[index] ?? 0;
        const text = shortened(texts[index] ?? "", width);
        const padding = " ".repeat(Math.max(0, width - displayWidth(text)));
        const shownText = styled(text, index);
        return columns[index]?.align === "right" ? padding + shownText : shownText + padding;
      })
      .join("  ")
      .trimEnd();
  const { header, cell } = options;
  const lines = [lineOf(head, (text) => (header === undefined ? text : header(text)))];
  rows.forEach((row, rowIndex) => {
    lines.push(
      lineOf(cells[rowIndex] ?? [], (text, index) => {
        const column = columns[index];
        return cell === undefined || column === undefined ? text : cell(column.key, row, text);
      }),
    );
  });
  const leftOut = head.filter((_, index) => !shown.includes(index));
  if (options.screen !== undefined && leftOut.length > 0) {
    const { width, colour } = options.screen;
    const note = `not shown to fit ${width} columns: ${leftOut.join(", ")} (--wide shows them)`;
    const dim = new Chalk({ level: colour ? 1 : 0 }).dim;
    lines.push(
      ...wrapText(note, width)
        .split("\n")
        .map((line) => dim(line)),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The `cell` hook of a report's table: on a colour terminal its `total` row bold and each
 * change (a `changes` column: `+3`, `-1.5`) green when up, red when down. Without colour,
 * cells stay as they are, byte for byte.
 */
export function reportCells<Row extends Record<string, Cell>>(
  colour: boolean,
  total: Row | undefined,
  changes: ReadonlySet<string> = new Set(),
): (key: keyof Row & string, row: Row, text: string) => string {
  const chalk = new Chalk({ level: colour ? 1 : 0 });
  return (key, row, text) => {
    const change = changes.has(key) ? Number(String(row[key] ?? 0)) : 0;
    const shown = change > 0 ? chalk.green(text) : change < 0 ? chalk.red(text) : text;
    return row === total ? chalk.bold(shown) : shown;
  };
}

/** The narrowest a text column is shortened to before columns are left out. */
const shortestTextColumn = 16;

/**
 * Which columns a table shows in `width` and how wide each is: text columns but the first (it
 * names the row) give way down to 16 (or their header) first, then columns go by priority; no
 * line is wider than `width`.
 */
function fitColumns<Row>(
  columns: readonly Column<Row>[],
  head: readonly string[],
  natural: readonly number[],
  width: number,
): { shown: number[]; widths: number[] } {
  const shortest = natural.map((own, index) =>
    index === 0 || columns[index]?.align === "right"
      ? own
      : Math.min(own, Math.max(displayWidth(head[index] ?? ""), shortestTextColumn)),
  );
  // Highest priority number first, the rightmost of equals first; those without one last,
  // and the first column never.
  const leavingOrder = columns
    .map((column, index) => ({ index, priority: column.priority ?? 0 }))
    .filter(({ index }) => index > 0)
    .sort((a, b) => b.priority - a.priority || b.index - a.index)
    .map(({ index }) => index);
  let shown = columns.map((_, index) => index);
  for (;;) {
    const widths = [...natural];
    const total = shown.reduce((sum, index) => sum + (widths[index] ?? 0), 2 * (shown.length - 1));
    let excess = total - width;
    const give = (index: number) => (widths[index] ?? 0) - (shortest[index] ?? 0);
    const canGive = shown.reduce((sum, index) => sum + give(index), 0);
    if (excess <= canGive) {
      // The widest text column gives a column at a time: long cells are cut, short ones stay.
      while (excess > 0) {
        let widest = -1;
        for (const index of shown)
          if (give(index) > 0 && (widest < 0 || (widths[index] ?? 0) > (widths[widest] ?? 0)))
            widest = index;
        widths[widest] = (widths[widest] ?? 0) - 1;
        excess -= 1;
      }
      return { shown, widths };
    }
    const next = leavingOrder.shift();
    if (next === undefined) {
      // One column left and still too wide: it is cut to the width.
      const only = shown[0] ?? 0;
      widths[only] = Math.min(widths[only] ?? 0, width);
      return { shown, widths };
    }
    shown = shown.filter((index) => index !== next);
  }
}

let graphemes: Intl.Segmenter | undefined;

/** `text` cut to `width` display columns, ending in `…` when it was cut. */
export function shortened(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  graphemes ??= new Intl.Segmenter();
  let kept = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const own = displayWidth(segment);
    if (used + own > width - 1) break;
    kept += segment;
    used += own;
  }
  return `${kept}…`;
}

/**
 * Text for a terminal `width` wide: each longer line broken at spaces, a word longer than the
 * width at the width. Lines that fit stay as they are.
 */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const broken: string[] = [];
      let current = "";
      for (const word of line.split(" ")) {
        const candidate = current === "" ? word : `${current} ${word}`;
        if (displayWidth(candidate) <= width) {
          current = candidate;
          continue;
        }
        if (current !== "") broken.push(current);
        current = word;
        while (displayWidth(current) > width) {
          // At least one character a line, however wide it is.
          const head = shortened(current, width + 1).slice(0, -1) || (Array.from(current)[0] ?? "");
          broken.push(head);
          current = current.slice(head.length);
        }
      }
      broken.push(current);
      return broken.join("\n");
    })
    .join("\n");
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

import { closeSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { UsageError } from "../errors.js";
import { replacementFile } from "../files/out-file.js";
import { escapeFormula, toCsvLine } from "./csv.js";
import { type OutputFormat, outputFormats } from "./output-formats.js";
import { colourEnabled, neutraliseControls } from "./terminal.js";

export type { OutputFormat };

export interface Column<Row> {
  readonly key: keyof Row & string;
  readonly header: string;
  readonly align?: "left" | "right";
  /**
   * When a terminal is too narrow for the table, columns are left out highest number first
   * (the rightmost of equals first). Without one (the identifying column, the headline
   * figures) a column is left out only when nothing else is left to leave out.
   */
  readonly priority?: number;
}

/**
 * The terminal a table is shown on: how wide to fit it (none: --wide), colour, UTF-8. Piped
 * output has one only when FORCE_COLOR asks for colour there: never fitted, nothing cut.
 */
export interface Screen {
  /** Whether standard output is a terminal (piped output keeps every row). */
  readonly terminal: boolean;
  readonly width: number | undefined;
  readonly colour: boolean;
  /** Whether the locale says UTF-8 (LC_ALL, LC_CTYPE, LANG): charts draw Unicode blocks. */
  readonly unicode: boolean;
}

export interface OutputChoice {
  readonly format: OutputFormat;
  readonly out: string | undefined;
  /** Set when a table goes to a terminal; fitted to its width unless --wide. */
  readonly screen?: Screen | undefined;
}

/** Where the output would go: a table is fitted to a terminal there (piped, never). */
export interface OutputTarget {
  readonly stdout: { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The terminal a table is shown on: standard output when it is one and the table goes there
 * (no `--out`); fitted to `COLUMNS`, else the terminal's width, else 80, unless `--wide`.
 */
function screenFor(
  target: OutputTarget | undefined,
  choice: OutputChoice,
  wide: boolean | undefined,
): Screen | undefined {
  if (target === undefined || choice.out !== undefined || choice.format !== "table")
    return undefined;
  const { env, stdout } = target;
  const colour = colourEnabled(stdout, env);
  if (stdout.isTTY !== true)
    return colour ? { terminal: false, width: undefined, colour, unicode: false } : undefined;
  const fromEnv = Number(env.COLUMNS);
  const width = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (stdout.columns ?? 0) || 80;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return {
    terminal: true,
    width: wide === true ? undefined : width,
    colour,
    unicode: /utf-?8/i.test(locale),
  };
}

const formatByExtension: Record<string, OutputFormat> = {
  ".csv": "csv",
  ".json": "json",
  ".md": "md",
  ".markdown": "md",
  ".txt": "table",
};

interface OutputOptions {
  format?: string;
  json?: boolean;
  out?: string;
  wide?: boolean;
}

/**
 * `--json` > `--format` > the extension of `--out` > table; a table for a terminal (`target`'s
 * standard output) is fitted to it, unless `--wide`.
 */
export function chooseOutput(options: OutputOptions, target?: OutputTarget): OutputChoice {
  const choice = chooseFormat(options);
  const screen = screenFor(target, choice, options.wide);
  return screen === undefined ? choice : { ...choice, screen };
}

function chooseFormat(options: OutputOptions): OutputChoice {
  if (options.json === true) {
    if (options.format !== undefined && options.format !== "json") {
      throw new UsageError(`--json and --format ${options.format} disagree; give one of them`);
    }
    return { format: "json", out: options.out };
  }
  if (options.format !== undefined)
    return { format: options.format as OutputFormat, out: options.out };
  if (options.out !== undefined) {
    const format = formatByExtension[extname(options.out).toLowerCase()];
    if (format === undefined) {
      throw new UsageError(
        `cannot tell the format of --out ${options.out} from its extension; add --format ${outputFormats.join("|")}`,
      );
    }
    return { format, out: options.out };
  }
  return { format: "table", out: undefined };
}

/**
 * `chooseOutput` for reports that also have an HTML form (a page with charts): `--format html`
 * or an `--out` ending in .html.
 */
export function chooseDocumentOutput(
  options: OutputOptions,
  target?: OutputTarget,
): {
  format: OutputFormat | "html";
  out: string | undefined;
  screen?: Screen | undefined;
} {
  const htmlFile =
    options.out !== undefined && [".html", ".htm"].includes(extname(options.out).toLowerCase());
  if (
    options.format === "html" ||
    (options.format === undefined && options.json !== true && htmlFile)
  )
    return { format: "html", out: options.out };
  return chooseOutput(options, target);
}

// A NUL (which JSON escapes) and a random id: no text in the data can be taken for the marker.
const exactMarker = `\u0000exact-number-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}:`;
const exactMarkerInJson = JSON.stringify(exactMarker).slice(1, -1);
const exactNumberInJson = new RegExp(
  `"${exactMarkerInJson.replaceAll("\\", "\\\\")}(-?\\d+(?:\\.\\d+)?)"`,
  "g",
);

/**
 * A number that JSON writes as exactly this decimal text. Amounts are whole minor units; as a
 * double, an amount's decimal form (12500.5) drops cents past 10^15, and Node 20's
 * JSON.stringify cannot write a number's text as given (JSON.rawJSON came later).
 */
export class ExactNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  /** A marked string, which `jsonDocument` turns back into the number. */
  toJSON(): string {
    return `${exactMarker}${this.text}`;
  }
}

export type Cell = string | number | boolean | ExactNumber | null | undefined;

function cellText(value: Cell): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

/** A list of rows in the chosen format. Table and Markdown are for people, CSV and JSON for programs. */
export function renderRows<Row extends Record<string, Cell>>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  format: OutputFormat,
  table: (
    columns: readonly Column<Row>[],
    rows: readonly Row[],
    options: { screen?: Screen | undefined },
  ) => string,
  /** The terminal a table is fitted to (see chooseOutput). */
  screen?: Screen,
): string {
  switch (format) {
    case "json":
      return jsonDocument(
        rows.map((row) =>
          Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null])),
        ),
      );
    case "csv":
      return (
        toCsvLine(columns.map((column) => column.key)) +
        rows
          .map((row) =>
            toCsvLine(columns.map((column) => escapeFormula(cellText(row[column.key])))),
          )
          .join("")
      );
    case "md":
      return markdownTable(
        columns.map((column) => column.header),
        rows.map((row) => columns.map((column) => cellText(row[column.key]))),
        columns.map((column) => column.align ?? "left"),
      );
    case "table":
      return table(columns, rows, { screen });
  }
}

// Characters that can start or end Markdown (CommonMark and GFM) inline anywhere: a backslash
// that escapes punctuation or breaks the line, code, emphasis (`_` only outside a word: inside
// one it is plain), strikethrough, links and images, table cells, headings' `#`, HTML and
// entities. Other punctuation is inert without these, so `1,234.50`, `66.7 %`, dates and
// emails stay as they are.
const markdownInline =
  /\\(?=[!-/:-@[-`{-~]|$)|[`*~[\]|#]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|<|>|&(?=#?[A-Za-z0-9]+;)/gmu;
const entities: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * The one escape for data in Markdown (table cells and prose that quotes data): any renderer
 * shows it as the text it is, with control characters neutralised as on a terminal. Besides
 * the inline syntax, a line may not start a list (`- `, `+ `, `1. `), a rule or a setext
 * heading (`---`, `===`); `-12.5` stays as it is.
 */
export function markdownText(text: string): string {
  return neutraliseControls(text)
    .replace(markdownInline, (char) => entities[char] ?? `\\${char}`)
    .replace(/^( {0,3})([-+=])(?=[-= \t]|$)/gm, "$1\\$2")
    .replace(/^( {0,3}\d{1,9})([.)])(?=[ \t]|$)/gm, "$1\\$2");
}

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ("left" | "right")[] = [],
): string {
  // A line break in data is funnel's own `<br>`: a table row is one line.
  const cell = (text: string) => markdownText(text.replace(/\r\n/g, "\n")).replace(/\n/g, "<br>");
  const lines = [
    `| ${headers.map(cell).join(" | ")} |`,
    `|${headers.map((_, i) => (align[i] === "right" ? "---:" : "---")).join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

/** Standard output as `deliver` writes to it: whether it is a terminal decides the escaping. */
export interface StandardOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Writes to `--out` (see replacementFile) or to `stdout`. `format` says who reads it: text for
 * people (table, md) comes with its data neutralised where it entered the text (cells, fields,
 * titles) and funnel's own styling after that, so it goes out as it is.
 */
export function deliver(
  text: string,
  out: string | undefined,
  stdout: StandardOutput | ((text: string) => void),
  format: OutputFormat | "html",
): void {
  if (out === undefined) {
    // A writer function (the import commands pass one) cannot say whether it writes to a
    // terminal; it writes to the process's standard output, so that is asked.
    const { write, isTTY } =
      typeof stdout === "function"
        ? { write: stdout, isTTY: process.stdout.isTTY }
        : { write: (chunk: string) => stdout.write(chunk), isTTY: stdout.isTTY };
    // On a terminal even CSV, JSON and HTML are read by a person: neutralise control
    // characters there (JSON stays valid: they can only occur inside strings, now as \u
    // escapes). They carry no styling. Piped, the data is exact.
    const forPrograms = format !== "table" && format !== "md";
    write(forPrograms && isTTY === true ? neutraliseControls(text) : text);
    return;
  }
  const file = replacementFile(out);
  try {
    try {
      writeFileSync(file.fd, text);
    } finally {
      closeSync(file.fd);
    }
    file.publish();
  } finally {
    file.discard();
  }
}

/** `--out reports/quota-{period}.md` → `reports/quota-2026-10.md`: one file per period from cron. */
export function outPathFor(out: string | undefined, periodLabel: string): string | undefined {
  return out?.replaceAll("{period}", periodLabel.replace(/[/\\:]/g, "-"));
}

/** A JSON document as every `--json` output prints it: indented by two, ending in a newline. */
export function jsonDocument(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return `${text.includes(exactMarkerInJson) ? text.replace(exactNumberInJson, "$1") : text}\n`;
}

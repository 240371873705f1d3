/**
 * Rows in COPY's text format (PostgreSQL's default for COPY FROM STDIN): values tab-separated,
 * a line per row, NULL as \N, and the backslash, tab, newline and carriage return escaped.
 */
export function copyLine(values: readonly unknown[]): string {
  let line = "";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += "\t";
    line += copyText(values[index]);
  }
  return `${line}\n`;
}

function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/[\\\n\r\t]/g, (character) => copyEscapes[character] as string);
}

const copyEscapes: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

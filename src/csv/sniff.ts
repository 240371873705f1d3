import { closeSync, openSync, readSync, statSync } from "node:fs";
import { UserError } from "../errors.js";

export interface CsvFileFacts {
  readonly size: number;
  readonly delimiter: string;
}

const sampleSize = 64 * 1024;
const candidates = [",", ";", "\t"] as const;

/**
 * Looks at the start of a file before any parsing: refuses what is not a UTF-8 text CSV
 * (a folder, an empty file, UTF-16, a binary file) and detects the delimiter.
 */
export function sniffCsvFile(path: string, delimiter?: string): CsvFileFacts {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${path} is a directory`, "pass a CSV file");
    // A pipe (`<(...)`, /dev/stdin) can be read once; an import reads its file to check and
    // fingerprint it, then to import it.
    if (!stat.isFile())
      throw new UserError(
        `${path} is a pipe or a device, not a file`,
        "save the data to a file first, then import that file",
      );
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`${path}: no such file`, "check the path");
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (size === 0) {
    throw new UserError(`${path} is empty`, "a CSV needs a header row that names the columns");
  }
  const sample = readStart(path, Math.min(size, sampleSize));
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new UserError(
      `${path} is UTF-16 text`,
      "save it as UTF-8 CSV (in Excel: CSV UTF-8) and import that",
    );
  }
  if (sample.includes(0)) {
    throw new UserError(
      `${path} is not a text CSV file (it contains NUL bytes)`,
      "export the data as CSV and import that",
    );
  }
  return { size, delimiter: delimiter ?? detectDelimiter(sample.toString("utf8")) };
}

function readStart(path: string, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The candidate seen most often outside quotes in the header line: `,` when none is seen;
 * on a tie, the first of `,` `;` tab.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ",";
  for (const candidate of candidates) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

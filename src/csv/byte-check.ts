import { Utf8Check } from "./utf8-check.js";

/** Why a file's bytes cannot be a CSV: checked while reading, before csv-parse sees them. */
export type ByteProblem = "invalid-utf8" | "nul-byte";

/**
 * Checks a byte stream, chunk by chunk: UTF-8 (csv-parse would turn anything else into
 * U+FFFD without a word) and no NUL byte (a text CSV has none; sniffing the first 64 KB
 * catches binary files, this catches a NUL further in, which would otherwise be stored).
 */
export class CsvByteCheck {
  private readonly utf8 = new Utf8Check();

  /** The problem with this chunk, or undefined when it is fine so far. */
  push(chunk: Buffer): ByteProblem | undefined {
    if (chunk.includes(0)) return "nul-byte";
    return this.utf8.push(chunk) ? undefined : "invalid-utf8";
  }

  /** The problem at the end of the stream (a character cut off), or undefined. */
  end(): ByteProblem | undefined {
    return this.utf8.end() ? undefined : "invalid-utf8";
  }
}

/** A one-line message and a hint for a byte problem found in the block starting at `offset`. */
export function describeByteProblem(
  problem: ByteProblem,
  path: string,
  offset: number,
  line?: number,
): { message: string; hint: string } {
  const where = `in the block starting at byte ${offset}${line === undefined ? "" : `, near line ${line}`}`;
  if (problem === "nul-byte")
    return {
      message: `${path} is not a text CSV file (it contains a NUL byte ${where})`,
      hint: "export the data as CSV (UTF-8) and import that; nothing was imported",
    };
  return {
    message: `${path} is not valid UTF-8 (${where})`,
    hint: "save it as UTF-8 (in Excel: CSV UTF-8) and import that; nothing was imported",
  };
}

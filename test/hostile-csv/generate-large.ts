import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * The hostile inputs too large to commit, written into a test's temp folder. Each is built
 * in pieces so the generator itself stays small in memory.
 */
export const largeHostileFiles = {
  /** A header and a row of 10,000 columns; only the first is known. */
  "wide-10000-columns.csv": (path: string) => {
    const header = Array.from({ length: 10_000 }, (_, i) => (i === 0 ? "email" : `extra ${i}`));
    const row = Array.from({ length: 10_000 }, (_, i) => (i === 0 ? "wide@hostile.example" : i));
    writeParts(path, [`${header.join(",")}\n`, `${row.join(",")}\n`]);
  },
  /** One lead whose first name is a quoted 10 MB field. */
  "field-10mb.csv": (path: string) =>
    writeParts(path, [
      'email,first_name,company\nbig@hostile.example,"',
      ...repeat("x".repeat(1 << 20), 10),
      '",Acme\n',
    ]),
  /** One deal whose name is a 10 MB field (unquoted). */
  "deals-field-10mb.csv": (path: string) =>
    writeParts(path, [
      "external_id,name,account,amount,stage,owner,closed_at\nD1,",
      ...repeat("x".repeat(1 << 20), 10),
      ",Acme,1000,won,ana-souza,2026-10-01\n",
    ]),
  /** One rep whose team is a 10 MB field. */
  "reps-field-10mb.csv": (path: string) =>
    writeParts(path, ["name,role,team\nAna Big,ae,", ...repeat("t".repeat(1 << 20), 10), "\n"]),
  /** A quote opened on line 2 and never closed, followed by 24 MB of ordinary rows. */
  "runaway-quote-24mb.csv": (path: string) =>
    writeParts(path, [
      'email,name,company\nann@hostile.example,"Ann,Acme\n',
      ...repeat(
        rows(40_000, (i) => `r${i}@hostile.example,Rita,Acme\n`),
        24,
      ),
    ]),
  /** 200 lines of 100 KB each (the worker-thread reader, at 20 MB). */
  "long-lines.csv": (path: string) =>
    writeParts(path, [
      "email,first_name,company\n",
      ...Array.from(
        { length: 200 },
        (_, i) => `long${i}@hostile.example,${"n".repeat(100_000)},Acme\n`,
      ),
    ]),
  /** A NUL byte past the 64 KB that sniffing looks at. */
  "nul-after-64kb.csv": (path: string) =>
    writeParts(path, [
      "email,first_name,company\n",
      rows(5_000, (i) => `n${i}@hostile.example,Nina,Acme\n`),
      "nul@hostile.example,Nu\0ll,Acme\n",
    ]),
  /** Invalid UTF-8 at the end of a 6 MB file (read by the worker thread). */
  "invalid-utf8-after-6mb.csv": (path: string) =>
    writeParts(path, [
      "email,first_name,company\n",
      ...repeat(
        rows(40_000, (i) => `u${i}@hostile.example,Una,Acme\n`),
        6,
      ),
      Buffer.from([0x66, 0x80, 0x0a]),
    ]),
  /** 20,000 new reps (looking each row up in a fresh list of all reps took minutes). */
  "reps-20000-rows.csv": (path: string) =>
    writeParts(path, [
      "name,role,email\n",
      rows(20_000, (i) => `Rep Number ${i},sdr,rep${i}@hostile.example\n`),
    ]),
} as const satisfies Record<string, (path: string) => void>;

export type LargeHostileFile = keyof typeof largeHostileFiles;

/** Writes one of the large files into `dir` and returns its path. */
export function writeLargeHostileFile(dir: string, name: LargeHostileFile): string {
  const path = join(dir, name);
  largeHostileFiles[name](path);
  return path;
}

function writeParts(path: string, parts: readonly (string | Buffer)[]): void {
  const fd = openSync(path, "w");
  try {
    for (const part of parts) writeSync(fd, typeof part === "string" ? Buffer.from(part) : part);
  } finally {
    closeSync(fd);
  }
}

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value);
}

function rows(count: number, row: (index: number) => string): string {
  return Array.from({ length: count }, (_, i) => row(i)).join("");
}

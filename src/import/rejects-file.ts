import { closeSync, fsyncSync, lstatSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { UserError } from "../errors.js";
import { type ReplacementFile, replacementFile } from "../files/out-file.js";
import { toCsvLine } from "../render/csv.js";

/** `leads.csv` → `leads.rejects.csv`, in the same folder. */
export function defaultRejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

/** The two columns a rejects file adds; an import of a fixed rejects file leaves them out. */
export const rejectsColumns = ["line", "reason"] as const;

/** The columns that are data: a fixed rejects file imported again ends in `line` and `reason`. */
export function dataColumns(headers: readonly string[]): number {
  const tail = headers.slice(-rejectsColumns.length).map((header) => header.trim().toLowerCase());
  return tail.join(",") === rejectsColumns.join(",") && headers.length > rejectsColumns.length
    ? headers.length - rejectsColumns.length
    : headers.length;
}

/**
 * The rejects CSV: the file's own columns, then `line` and `reason` (a row with more fields
 * than the header keeps its extra values in its reason). Written to a temporary
 * name (see replacementFile), closed inside the import's transaction and moved into place only
 * once it committed, so a failed or killed import never leaves a rejects file under its final
 * name.
 */
export class RejectsFile {
  private file: ReplacementFile | undefined;
  private fd: number | undefined;
  private pending = "";
  private headers: readonly string[] = [];
  private width = 0;

  constructor(readonly path: string) {}

  /**
   * The input's header; a fixed rejects file imported again leaves out its own `line` and
   * `reason` columns (`written` is how many of the columns are the data's).
   */
  setHeaders(headers: readonly string[], written = headers.length): void {
    this.headers = headers.slice(0, written);
    this.width = headers.length;
  }

  add(cells: readonly string[], line: number, reason: string): void {
    if (this.file === undefined) {
      this.file = replacementFile(this.path, "--rejects");
      this.fd = this.file.fd;
      this.pending = toCsvLine([...this.headers, ...rejectsColumns]);
    }
    const written = this.headers.length;
    const extra = cells.slice(this.width).filter((cell) => cell.trim() !== "");
    const own =
      cells.length >= written
        ? cells.slice(0, written)
        : [...cells, ...Array(written - cells.length).fill("")];
    const why =
      extra.length === 0
        ? reason
        : `${reason}; extra fields: ${extra.map((cell) => JSON.stringify(cell)).join(", ")}`;
    this.pending += toCsvLine([...own, String(line), why]);
    if (this.pending.length > 1 << 16) this.flush();
  }

  /**
   * Writes out and syncs the temporary file, before the import commits (a write error still
   * rolls the import back). Returns the path it will have, or undefined when no row was rejected.
   */
  close(): string | undefined {
    if (this.file === undefined) return undefined;
    if (this.fd !== undefined) {
      this.flush();
      // A device or a pipe (--rejects /dev/stdout) is written in place, with nothing to sync.
      if (this.file.path !== this.path) fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    }
    return this.path;
  }

  /** Moves the closed file into place: call it once the import's transaction has committed. */
  publish(): void {
    if (this.file === undefined || this.fd !== undefined) return;
    try {
      this.file.publish();
    } catch (error) {
      throw new UserError(
        `the import was saved, but its rejected rows could not be moved from ${this.file.path} to ${this.path}: ${(error as Error).message}`,
        `rename ${this.file.path} yourself`,
      );
    }
    this.file = undefined;
  }

  /** Removes the temporary file: the import failed or was a dry run. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.file?.discard();
    this.file = undefined;
  }

  /**
   * After an import that rejected nothing: a rejects file left at this path by an earlier
   * import of the input is removed, so that the one next to the input is always the last
   * import's. Only a plain file whose header ends in `line,reason` (never a link, a device,
   * or a file of someone else's).
   */
  removeStale(): void {
    const stat = lstatSync(this.path, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isFile() || stat.size === 0) return;
    if (typeof process.getuid === "function" && stat.uid !== process.getuid()) return;
    const head = Buffer.alloc(Math.min(stat.size, 64 * 1024));
    const fd = openSync(this.path, "r");
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const firstLine = head.toString("utf8").split(/\r?\n/, 1)[0] ?? "";
    if (!firstLine.endsWith(`,${rejectsColumns.join(",")}`)) return;
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.pending !== "") writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

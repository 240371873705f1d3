import { closeSync, fsyncSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { UserError } from "../errors.js";
import { type ReplacementFile, replacementFile } from "../files/out-file.js";
import { toCsvLine } from "../render/csv.js";

/** `leads.csv` → `leads.rejects.csv`, in the same folder. */
export function defaultRejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

/**
 * The rejects CSV: the file's own columns, then `line` and `reason`. Written to a temporary
 * name (see replacementFile), closed inside the import's transaction and moved into place only
 * once it committed, so a failed or killed import never leaves a rejects file under its final
 * name.
 */
export class RejectsFile {
  private file: ReplacementFile | undefined;
  private fd: number | undefined;
  private pending = "";

  constructor(
    readonly path: string,
    private readonly headers: readonly string[],
  ) {}

  add(cells: readonly string[], line: number, reason: string): void {
    if (this.file === undefined) {
      this.file = replacementFile(this.path, "--rejects");
      this.fd = this.file.fd;
      this.pending = toCsvLine([...this.headers, "line", "reason"]);
    }
    const padded =
      cells.length >= this.headers.length
        ? cells
        : [...cells, ...Array(this.headers.length - cells.length).fill("")];
    this.pending += toCsvLine([...padded, String(line), reason]);
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

  private flush(): void {
    if (this.fd !== undefined && this.pending !== "") writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

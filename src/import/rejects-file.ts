import { closeSync, fsyncSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { UserError } from "../errors.js";
import { toCsvLine } from "../render/csv.js";
import { removeLeftovers } from "../store/leftovers.js";
import {
  createPrivateFolder,
  openPrivateFile,
  temporaryPathNextTo,
} from "../store/private-files.js";

/** `leads.csv` → `leads.rejects.csv`, in the same folder. */
export function defaultRejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

/**
 * The rejects CSV: the file's own columns, then `line` and `reason`. Written to a temporary
 * name, closed inside the import's transaction and moved into place only once it committed,
 * so a failed or killed import never leaves a rejects file under its final name.
 */
export class RejectsFile {
  private fd: number | undefined;
  private closed = false;
  private readonly temporaryPath: string;
  private pending = "";

  constructor(
    readonly path: string,
    private readonly headers: readonly string[],
  ) {
    // The process id in the name tells a killed import's leftover from a running one's.
    this.temporaryPath = temporaryPathNextTo(path, "partial");
  }

  add(cells: readonly string[], line: number, reason: string): void {
    if (this.fd === undefined) {
      try {
        createPrivateFolder(dirname(this.path));
        removeLeftovers(dirname(this.path));
        // A leftover of a killed process that had the same id.
        rmSync(this.temporaryPath, { force: true });
        this.fd = openPrivateFile(this.temporaryPath);
      } catch (error) {
        // Errors name the file the user asked for, not the temporary one.
        const failure = error as NodeJS.ErrnoException;
        if (failure.path === this.temporaryPath) failure.path = this.path;
        throw failure;
      }
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
    if (this.fd === undefined) return this.closed ? this.path : undefined;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    this.closed = true;
    return this.path;
  }

  /** Moves the closed file into place: call it once the import's transaction has committed. */
  publish(): void {
    if (!this.closed) return;
    try {
      renameSync(this.temporaryPath, this.path);
    } catch (error) {
      throw new UserError(
        `the import was saved, but its rejected rows could not be moved from ${this.temporaryPath} to ${this.path}: ${(error as Error).message}`,
        `rename ${this.temporaryPath} yourself`,
      );
    }
    this.closed = false;
  }

  /** Removes the temporary file: the import failed or was a dry run. */
  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.fd === undefined && !this.closed) return;
    this.fd = undefined;
    this.closed = false;
    rmSync(this.temporaryPath, { force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.pending !== "") writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

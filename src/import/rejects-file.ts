import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { toCsvLine } from "../render/csv.js";

/** `leads.csv` → `leads.rejects.csv`, in the same folder. */
export function defaultRejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

/**
 * The rejects CSV: the file's own columns, then `line` and `reason`. Written to a temporary
 * name and moved into place only when the import commits, so a failed import leaves none.
 */
export class RejectsFile {
  private fd: number | undefined;
  private readonly temporaryPath: string;
  private pending = "";

  constructor(
    readonly path: string,
    private readonly headers: readonly string[],
  ) {
    this.temporaryPath = `${path}.partial`;
  }

  add(cells: readonly string[], line: number, reason: string): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.temporaryPath, "w", 0o600);
      this.pending = toCsvLine([...this.headers, "line", "reason"]);
    }
    const padded =
      cells.length >= this.headers.length
        ? cells
        : [...cells, ...Array(this.headers.length - cells.length).fill("")];
    this.pending += toCsvLine([...padded, String(line), reason]);
    if (this.pending.length > 1 << 16) this.flush();
  }

  get written(): boolean {
    return this.fd !== undefined;
  }

  /** Moves the file into place; returns its path, or undefined when no row was rejected. */
  commit(): string | undefined {
    if (this.fd === undefined) return undefined;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temporaryPath, this.path);
    return this.path;
  }

  discard(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temporaryPath, { force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.pending !== "") writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

import { realpathSync, type Stats, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";

/**
 * Files a command reads, which nothing it writes (`--out`, `--rejects`, a backup) may replace:
 * `export leads --out q.db` would otherwise replace the database with CSV.
 */
export interface FileRead {
  readonly path: string;
  /** What it is, as the refusal names it: "the database itself". */
  readonly what: string;
}

/** The database and the files SQLite keeps next to it, each of which holds part of it. */
export function databaseFiles(path: string): FileRead[] {
  return [
    { path, what: "the database itself" },
    { path: `${path}-wal`, what: "the database's write-ahead log" },
    { path: `${path}-shm`, what: "the database's shared-memory index" },
    { path: `${path}-journal`, what: "the database's rollback journal" },
  ];
}

/**
 * Refuses to write `target` (`named` in the message, e.g. "--out q.db") when it is one of
 * `reads`. Existing files are compared by device and inode, so a symbolic or hard link, or
 * `./q.db` for `q.db`, is caught; a name that does not exist yet (the -wal of a closed
 * database) by the real path of its folder and its name.
 */
export function refuseOverwriting(
  target: string,
  named: string,
  reads: readonly FileRead[],
  outcome = "nothing was changed",
): void {
  const hit = reads.find((read) => isSameFile(target, read.path));
  if (hit === undefined) return;
  throw new UserError(`${named} is ${hit.what}; ${outcome}`, "choose another file");
}

/** Whether two names are (or, once created, will be) the same file. */
export function isSameFile(one: string, other: string): boolean {
  const first = statOrUndefined(one);
  const second = statOrUndefined(other);
  if (first !== undefined && second !== undefined)
    return first.dev === second.dev && first.ino === second.ino;
  if (first !== undefined || second !== undefined) return false;
  return resolvedName(one) === resolvedName(other);
}

/** Any failure (missing, a file where a folder should be, no permission) reads as "not there". */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function resolvedName(path: string): string {
  const absolute = resolve(path);
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}

let filesReadByCommand: readonly FileRead[] = [];

/**
 * Declares what the running command reads (set once, before its action runs), for the file
 * writers that learn their path only later: `--out reports/quota-{period}.md` is named once the
 * report knows its period.
 */
export function guardFilesRead(reads: readonly FileRead[]): void {
  filesReadByCommand = reads;
}

/** The files declared by `guardFilesRead`. */
export function filesRead(): readonly FileRead[] {
  return filesReadByCommand;
}

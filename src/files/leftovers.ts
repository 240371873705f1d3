import { readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { publishFile, removeDatabaseFiles, unusedPath } from "./private-files.js";

/**
 * Files a funnel command writes under a temporary name (see temporaryPathNextTo) stay behind
 * when it is killed: a restore's copy of its backup (as large as the database), a backup, an
 * export, a rejects file half-written. Their names carry the process id, so that a leftover of
 * a process that is gone can be told from the file of one still running, which is never touched.
 */
export interface Leftover {
  readonly path: string;
  readonly what: string;
  /** The process that wrote it; undefined for a rejects file of a funnel before process ids. */
  readonly pid: number | undefined;
  /** With its -journal, -wal and -shm, when it is a database. */
  readonly bytes: number;
  /**
   * What becomes of it: removed (its command died before finishing it); published under its
   * final name (a restore's copy of the database it replaced, the restore having committed);
   * kept (funnel cannot tell whether another program still writes it).
   */
  readonly fate: "remove" | "publish" | "keep";
  /** Where `publish` puts it. */
  readonly finalPath?: string | undefined;
}

const purposes: Record<string, string> = {
  restore: "a restore's checked copy of its backup",
  "before-restore": "a restore's unfinished copy of the database it replaces",
  "pre-migration": "an unfinished copy of the database before a schema upgrade",
  backup: "an unfinished backup",
  out: "an unfinished --out file",
  partial: "an unfinished rejects file",
  demo: "an unfinished demo database",
  pending: "a restore's copy of the database it replaced, not yet under its name",
};

const temporaryName = /^\.(.+)\.([a-z-]+)-(\d+)\.tmp(?:-journal|-wal|-shm)?$/;
/** `leads.rejects.csv.partial`, as funnel wrote it before the name carried the process id. */
const unnumberedPartial = /^[^.].*\.csv\.partial$/;

/** Whether process `pid` is alive, here: the one way to know its files are not being written. */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * What a database says of its last restore (see markKeptCopy): the name of the copy of the
 * database that restore replaced; none recorded; or unknown, when the database cannot be read.
 */
export type LastRestore = { readonly keptCopy: string | undefined } | "unknown";

/**
 * The leftovers in `folder` of processes that are gone. `database`, when given, is the
 * database of that folder whose restores' pending copies are to be judged: such a copy is
 * published when the database names it (its restore committed), removed when it does not (the
 * restore never did), and published too when the database cannot tell, as the safe side.
 * Pending copies of other databases are left out.
 */
export function findLeftovers(
  folder: string,
  database?: { readonly path: string; readonly lastRestore: LastRestore },
): Leftover[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const leftovers = new Map<string, Leftover>();
  for (const name of names) {
    const match = temporaryName.exec(name);
    if (match !== null) {
      const [, target = "", purpose = "", pid = ""] = match;
      const what = purposes[purpose];
      const path = join(folder, `.${target}.${purpose}-${pid}.tmp`);
      if (what === undefined || leftovers.has(path) || processIsAlive(Number(pid))) continue;
      let fate: Leftover["fate"] = "remove";
      let finalPath: string | undefined;
      if (purpose === "pending") {
        if (
          database === undefined ||
          !target.startsWith(`${basename(database.path)}.before-restore-`)
        )
          continue;
        finalPath = join(folder, target);
        const { lastRestore } = database;
        fate = lastRestore === "unknown" || lastRestore.keptCopy === target ? "publish" : "remove";
      }
      leftovers.set(path, { path, what, pid: Number(pid), bytes: sizeOf(path), fate, finalPath });
    } else if (unnumberedPartial.test(name)) {
      const path = join(folder, name);
      leftovers.set(path, {
        path,
        what: "a rejects file left by an older funnel (no process id in its name)",
        pid: undefined,
        bytes: sizeOf(path),
        fate: "keep",
      });
    }
  }
  return [...leftovers.values()];
}

function sizeOf(path: string): number {
  let bytes = 0;
  for (const suffix of ["", "-journal", "-wal", "-shm"])
    bytes += statSync(`${path}${suffix}`, { throwIfNoEntry: false })?.size ?? 0;
  return bytes;
}

/** Removes or publishes each leftover as its fate says; returns what was done. */
export function settleLeftovers(leftovers: readonly Leftover[]): Leftover[] {
  const settled: Leftover[] = [];
  for (const leftover of leftovers) {
    try {
      if (leftover.fate === "remove") removeDatabaseFiles(leftover.path);
      else if (leftover.fate === "publish" && leftover.finalPath !== undefined)
        publishKeptCopy(leftover.path, leftover.finalPath);
      else continue;
      settled.push(leftover);
    } catch {
      // Another command settled it first, or the folder is read-only: it stays for doctor.
    }
  }
  return settled;
}

/**
 * Removes the leftovers of dead processes in `folder`: what every command that writes there
 * does first. A restore's pending copy waits for a command that opens its database (see
 * settleLeftoversNextTo).
 */
export function removeLeftovers(folder: string): void {
  settleLeftovers(findLeftovers(folder));
}

/**
 * Moves a restore's copy of the database it replaced to its final name, with the WAL of a
 * damaged one; a name taken meanwhile gets a suffix.
 */
export function publishKeptCopy(pending: string, final: string): string {
  const free = unusedPath(final);
  publishFile(pending, free, { replace: false });
  const wal = `${pending}-wal`;
  if (statSync(wal, { throwIfNoEntry: false }) !== undefined) renameSync(wal, `${free}-wal`);
  rmSync(`${pending}-shm`, { force: true });
  return free;
}

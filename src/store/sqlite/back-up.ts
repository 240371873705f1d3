import { existsSync, lstatSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { handlePendingSignals } from "../../cli/interruptible.js";
import { InterruptedError, UserError } from "../../errors.js";
import { databaseFiles, refuseOverwriting } from "../../files/files-read.js";
import { removeLeftovers } from "../../files/leftovers.js";
import {
  createPrivateFile,
  createPrivateFolder,
  publishFile,
  removeDatabaseFiles,
  temporaryPathNextTo,
} from "../../files/private-files.js";
import { openExistingDatabase } from "./database.js";
import {
  backUpOnline,
  countAllLeads,
  integrityProblems,
  looksLikeFunnelDatabase,
  makeSelfContained,
  readSchemaVersion,
} from "./database-copies.js";

export interface BackupOptions {
  /** The database to copy. */
  readonly database: string;
  /** The backup file to write. */
  readonly destination: string;
  /** Overwrite `destination` when it exists. */
  readonly force: boolean;
  /** How long to wait for another command's write lock (see busyTimeoutMs). */
  readonly busyTimeoutMs: number;
  /** Aborted by Ctrl-C: the copy is removed before it takes its name. */
  readonly signal?: AbortSignal | undefined;
}

export interface BackupResult {
  readonly database: string;
  readonly backup: string;
  readonly bytes: number;
  readonly schemaVersion: number;
  readonly leads: number;
  readonly replaced: boolean;
}

/**
 * Copies the database to `destination` with SQLite's online backup (safe while other funnel
 * commands write), as one self-contained file of mode 0600. The copy is written under a
 * temporary name, passes `PRAGMA integrity_check`, and only then takes its final name.
 */
export async function backUpDatabase(options: BackupOptions): Promise<BackupResult> {
  const { database, destination } = options;
  const replaced = checkDestination(database, destination, options.force);
  const temporary = temporaryPathNextTo(destination, "backup");
  try {
    const source = openExistingDatabase(database, options.busyTimeoutMs);
    try {
      createPrivateFolder(dirname(destination));
      removeLeftovers(dirname(destination));
      // A leftover of a process with the same id that was killed: ours to remove.
      removeDatabaseFiles(temporary);
      createPrivateFile(temporary);
      await backUpOnline(source, temporary);
    } catch (error) {
      throw describeSourceError(database, error);
    } finally {
      source.close();
    }
    const facts = verifyCopy(temporary, database, options.busyTimeoutMs);
    // Ctrl-C during the copy: the copy goes, and nothing was written.
    await handlePendingSignals();
    if (options.signal?.aborted === true)
      throw new InterruptedError("interrupted; nothing was written");
    publish(temporary, destination, options.force);
    return { database, backup: destination, bytes: statSync(destination).size, replaced, ...facts };
  } finally {
    removeDatabaseFiles(temporary);
  }
}

/** A symbolic link to nothing: neither a file to replace nor a free name. */
export function refuseBrokenLink(path: string, outcome: string): void {
  if (existsSync(path) || lstatSync(path, { throwIfNoEntry: false }) === undefined) return;
  throw new UserError(
    `${path} is a symbolic link to a file that does not exist; ${outcome}`,
    "remove the link or give another name",
  );
}

function publish(temporary: string, destination: string, replace: boolean): void {
  try {
    publishFile(temporary, destination, { replace });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new UserError(
      `${destination} was created while the backup ran; it was left as it is`,
      "run the backup again, with another name or --force",
    );
  }
}

/** Whether an existing file will be replaced; refuses what must not be overwritten. */
function checkDestination(database: string, destination: string, force: boolean): boolean {
  if (/[\\/]$/.test(destination))
    throw new UserError(
      `${destination} names a folder; nothing was written`,
      `give the backup a file name, e.g. ${destination}funnel-backup.db`,
    );
  refuseBrokenLink(destination, "nothing was written");
  refuseOverwriting(destination, destination, databaseFiles(database), "nothing was written");
  if (!existsSync(destination)) return false;
  if (statSync(destination).isDirectory())
    throw new UserError(
      `${destination} is a folder; nothing was written`,
      `give the backup a file name, e.g. ${destination.replace(/[\\/]+$/, "")}/funnel-backup.db`,
    );
  if (!force)
    throw new UserError(
      `${destination} exists already; nothing was written`,
      "pass --force to overwrite it, or give another file name",
    );
  return true;
}

/** Opens the finished copy: one file, sound, a funnel database; its version and lead count. */
function verifyCopy(
  copyPath: string,
  database: string,
  timeoutMs: number,
): { schemaVersion: number; leads: number } {
  const copy = openExistingDatabase(copyPath, timeoutMs);
  try {
    makeSelfContained(copy);
    const problems = integrityProblems(copy);
    if (problems.length > 0)
      throw new UserError(
        `the copy of ${database} fails SQLite's integrity check (${problems[0]}); nothing was written`,
        "the database itself may be damaged: run `sqlite3 <db> 'PRAGMA integrity_check'` to see",
      );
    if (!looksLikeFunnelDatabase(copy))
      throw new UserError(
        `${database} is not a funnel database (it has no leads or reps table); nothing was written`,
        "pass a funnel database with --db",
      );
    return { schemaVersion: readSchemaVersion(copy), leads: countAllLeads(copy) };
  } finally {
    copy.close();
  }
}

function describeSourceError(database: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_NOTADB")
    return new UserError(
      `${database} is not a SQLite database; nothing was written`,
      "pass a funnel database with --db",
    );
  return error;
}

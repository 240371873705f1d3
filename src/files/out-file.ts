import { lstatSync, openSync, realpathSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "../errors.js";
import { filesRead, refuseOverwriting } from "./files-read.js";
import { removeLeftovers } from "./leftovers.js";
import {
  createPrivateFolder,
  openPrivateFile,
  publishFile,
  temporaryPathNextTo,
} from "./private-files.js";

/** An --out (or --rejects) file being written; see replacementFile. */
export interface ReplacementFile {
  /** Where the bytes go: the temporary file, or `path` itself for a device or a pipe. */
  readonly path: string;
  /**
   * Open for writing (so that no one can swap the name between its creation and the writes);
   * the caller closes it.
   */
  readonly fd: number;
  /** Moves the temporary file into place (flushed first); nothing for a device or a pipe. */
  readonly publish: () => void;
  /** Removes the temporary file: nothing is written under `path`. */
  readonly discard: () => void;
}

/**
 * Where to write a file that is to replace `path` (a report's or an export's --out, an
 * import's --rejects): a private temporary file next to it, which `publish` moves into place
 * complete, so that a full disk or an interruption never leaves a cut file under that name, nor
 * destroys the one there, and the file is 0600 even when it replaces a more open one. Its
 * folder is created (0700) if needed, and cleared of killed commands' leftovers. Never a file
 * the command reads (see guardFilesRead). A device or a pipe (`/dev/stdout`) is written in place
 * and a symbolic link is written through, but only one that is yours or root's, in a folder no
 * one else can change (see refusePlanted).
 */
export function replacementFile(
  path: string,
  flag: "--out" | "--rejects" = "--out",
): ReplacementFile {
  refuseOverwriting(path, `${flag} ${path}`, filesRead(), "nothing was written");
  createPrivateFolder(dirname(path));
  refusePlanted(path, flag);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile())
    return { path, fd: openSync(path, "w"), publish: () => {}, discard: () => {} };
  const final = existing === undefined ? path : realpathSync(path);
  removeLeftovers(dirname(final));
  const temporary = temporaryPathNextTo(final, flag === "--out" ? "out" : "partial");
  // Errors name the file the user asked for, not the temporary one.
  const asked = (error: unknown) => {
    const failure = error as NodeJS.ErrnoException;
    if (failure.path === temporary) failure.path = path;
    return failure;
  };
  let fd: number;
  try {
    // A leftover of a killed process that had the same id.
    rmSync(temporary, { force: true });
    fd = openPrivateFile(temporary);
  } catch (error) {
    throw asked(error);
  }
  return {
    path: temporary,
    fd,
    publish: () => {
      try {
        publishFile(temporary, final, { replace: true });
      } catch (error) {
        throw asked(error);
      }
    },
    discard: () => rmSync(temporary, { force: true }),
  };
}

/**
 * Writing through a symbolic link, or into a pipe or a device, goes wherever the name points:
 * in a folder others can write to (a shared 0777 reports folder), someone else may have put a
 * link there to a file of yours, or a pipe they read. Such a name is used only when it is yours
 * (or root's) in a folder that only you (or root) can change: a folder not writable by others,
 * or a sticky one such as /tmp, where no one can replace another's name. `/dev/stdout` and
 * `/dev/null` pass; a link planted in /tmp/reports does not. A regular file is never written
 * through: it is replaced by a new file under its name.
 */
function refusePlanted(path: string, flag: string): void {
  const entry = lstatSync(path, { throwIfNoEntry: false });
  const user = process.geteuid?.();
  if (entry === undefined || entry.isFile() || entry.isDirectory() || user === undefined) return;
  const trusted = (uid: number) => uid === user || uid === 0;
  const folder = statSync(dirname(path));
  const sticky = (folder.mode & 0o1000) !== 0;
  const othersWrite =
    (folder.mode & 0o002) !== 0 ||
    ((folder.mode & 0o020) !== 0 && folder.gid !== process.getegid?.());
  const kind = entry.isSymbolicLink() ? "a symbolic link" : "a pipe or device";
  if (!trusted(entry.uid))
    throw new UserError(
      `${path} is ${kind} owned by another user (uid ${entry.uid}), which funnel does not write through; nothing was written`,
      `remove it, or give ${flag} another file`,
    );
  if (!trusted(folder.uid) || (othersWrite && !sticky))
    throw new UserError(
      `${path} is ${kind} in a folder others can change (${dirname(path)}), which funnel does not write through; nothing was written`,
      `give ${flag} a plain file name there, or a folder only you can write to`,
    );
}

import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { UserError } from "../errors.js";
import { filesRead, refuseOverwriting } from "./files-read.js";

/**
 * Files that hold a team's data (databases, backups, copies) are readable by their owner only.
 * They are written under a temporary name next to their final one and moved into place when
 * complete, so a file under its final name is never half-written.
 */

/** Creates an empty file with mode exactly 0600 (whatever the umask); fails if it exists. */
export function createPrivateFile(path: string): void {
  closeSync(openPrivateFile(path));
}

/**
 * `createPrivateFile`, open for writing. Exclusive: never a name someone else put there first
 * (a link to one of your files), which it would write through.
 */
export function openPrivateFile(path: string): number {
  const fd = openSync(path, "wx", 0o600);
  try {
    // openSync's mode goes through the umask; a private file is 0600, no more and no less.
    fchmodSync(fd, 0o600);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * A temporary name in the folder of `target` (so that a rename stays on one file system),
 * hidden, and unique to this process. Absolute, because the SQLite driver trims names.
 */
export function temporaryPathNextTo(target: string, purpose: string): string {
  return resolve(dirname(target), `.${basename(target)}.${purpose}-${process.pid}.tmp`);
}

/** `base` + `suffix`, or with `-2`, `-3`, ... before the suffix when that name is taken. */
export function unusedPath(base: string, suffix = ""): string {
  let candidate = `${base}${suffix}`;
  for (let attempt = 2; existsSync(candidate); attempt++) candidate = `${base}-${attempt}${suffix}`;
  return candidate;
}

/** A UTC timestamp that sorts and fits in a file name: 20261127T093015Z. */
export function fileTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Moves a complete temporary file to its final name, flushed to disk first. Without `replace`
 * an existing file is never overwritten (a hard link fails when the name is taken, where a
 * check followed by a rename could race with another process).
 */
export function publishFile(temporary: string, final: string, options: { replace: boolean }): void {
  syncFile(temporary);
  if (options.replace) renameSync(temporary, final);
  else if (!linkWithoutReplacing(temporary, final)) {
    const error = new Error(`${final} exists already`) as NodeJS.ErrnoException;
    error.code = "EEXIST";
    throw error;
  }
  syncFolder(dirname(final));
}

/** Whether `from` now also has the name `to`; `from` is then removed. */
function linkWithoutReplacing(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // File systems without hard links (FAT, some network mounts): check, then rename.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EMLINK")
      throw error;
    if (existsSync(to)) return false;
    renameSync(from, to);
    return true;
  }
  unlinkSync(from);
  return true;
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `folder` durable; a no-op where folders cannot be opened for syncing. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms and file systems refuse fsync on a folder; the rename itself happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A database file and the companions SQLite keeps next to it. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"])
    rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Creates `folder` and any missing folder above it, each mode exactly 0700 (whatever the
 * umask): what funnel writes there is private, and so is the list of it.
 */
export function createPrivateFolder(folder: string): void {
  // The umask can only take bits away from 0700: no folder is ever more open than that.
  const first = mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let level = resolve(folder); ; level = dirname(level)) {
    chmodSync(level, 0o700);
    if (level === resolve(first)) return;
  }
}

/**
 * Where to write a file that is to replace `path` (a report's or an export's --out): a private
 * temporary file next to it, which `publish` moves into place complete, so that a full disk or
 * an interruption never leaves a cut file under that name, nor destroys the one there, and the
 * file is 0600 even when it replaces a more open one. Its folder is created (0700) if needed.
 * Never a file the command reads (see guardFilesRead). A device or a pipe (`/dev/stdout`) is
 * written in place and a symbolic link is written through, but only one that is yours or
 * root's, in a folder no one else can change (see refusePlanted).
 */
export function replacementFile(path: string): {
  readonly path: string;
  readonly publish: () => void;
  readonly discard: () => void;
} {
  refuseOverwriting(path, `--out ${path}`, filesRead(), "nothing was written");
  createPrivateFolder(dirname(path));
  refusePlanted(path);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile())
    return { path, publish: () => {}, discard: () => {} };
  const final = existing === undefined ? path : realpathSync(path);
  const temporary = temporaryPathNextTo(final, "out");
  // Errors name the file the user asked for, not the temporary one.
  const asked = (error: unknown) => {
    const failure = error as NodeJS.ErrnoException;
    if (failure.path === temporary) failure.path = path;
    return failure;
  };
  try {
    rmSync(temporary, { force: true });
    createPrivateFile(temporary);
  } catch (error) {
    throw asked(error);
  }
  return {
    path: temporary,
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
function refusePlanted(path: string): void {
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
      "remove it, or give --out another file",
    );
  if (!trusted(folder.uid) || (othersWrite && !sticky))
    throw new UserError(
      `${path} is ${kind} in a folder others can change (${dirname(path)}), which funnel does not write through; nothing was written`,
      "give --out a plain file name there, or a folder only you can write to",
    );
}

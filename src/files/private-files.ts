import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
} from "node:fs";
import { basename, dirname, resolve } from "node:path";

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
 * hidden, and unique to this process, whose id in the name tells a later command that a file
 * left by a killed process is a leftover (see leftovers.ts). Absolute, because the SQLite
 * driver trims names.
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
  // From the deepest folder up to the first one created; never past the root.
  const top = resolve(first);
  for (let level = resolve(folder); level.startsWith(top); level = dirname(level)) {
    chmodSync(level, 0o700);
    if (level === top) return;
  }
}

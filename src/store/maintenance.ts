/**
 * Operations on the database as a whole: backup, restore and the doctor's checks. On SQLite they
 * work on the file (store/sqlite/back-up.ts, restore.ts, examine.ts, loaded when called); a
 * PostgreSQL database has its own tools for them (pg_dump, pg_restore), which these name.
 */
import { UserError } from "../errors.js";
import type { BackupOptions, BackupResult } from "./sqlite/back-up.js";
import { busyTimeoutMs } from "./sqlite/busy-timeout.js";
import type { DoctorOptions, DoctorReport } from "./sqlite/examine.js";
import type { RestoreOptions, RestoreResult } from "./sqlite/restore.js";
import { isPostgresTarget, printableLocation } from "./store.js";

export type { BackupResult } from "./sqlite/back-up.js";
export type { Check, DoctorReport, LeftoverOutcome } from "./sqlite/examine.js";
export type { RestorePlan, RestoreResult } from "./sqlite/restore.js";

/** What the maintenance operations take besides their own options: the environment's settings. */
interface WithEnv {
  /** FUNNEL_BUSY_TIMEOUT_MS: how long to wait for another command's write lock. */
  readonly env: NodeJS.ProcessEnv;
}

type Without<T> = Omit<T, "busyTimeoutMs">;

/** Writes a consistent copy of the database at `options.database` to `options.destination`. */
export async function backUpDatabase(
  options: Without<BackupOptions> & WithEnv,
): Promise<BackupResult> {
  await refusePostgres(
    options.database,
    options.env,
    "backup",
    "back up",
    (url) => `pg_dump --format=custom --file=${shellWord(options.destination)} ${shellWord(url)}`,
  );
  const sqlite = await import("./sqlite/back-up.js");
  return sqlite.backUpDatabase({ ...options, busyTimeoutMs: busyTimeoutMs(options.env) });
}

/** Replaces the database at `options.database` with a backup of it. */
export async function restoreDatabase(
  options: Without<RestoreOptions> & WithEnv,
): Promise<RestoreResult> {
  await refusePostgres(
    options.database,
    options.env,
    "restore",
    "restore",
    (url) => `pg_restore --clean --dbname=${shellWord(url)} ${shellWord(options.source)}`,
  );
  const sqlite = await import("./sqlite/restore.js");
  return sqlite.restoreDatabase({ ...options, busyTimeoutMs: busyTimeoutMs(options.env) });
}

/** The doctor's checks of the database at `options.database`, and its folder's leftovers. */
export async function examineDatabase(
  options: Without<DoctorOptions> & WithEnv,
): Promise<DoctorReport> {
  await refusePostgres(
    options.database,
    options.env,
    "doctor",
    "check",
    () => "the server's own checks (pg_stat_activity, amcheck) and its administrator",
  );
  const sqlite = await import("./sqlite/examine.js");
  return sqlite.examineDatabase({ ...options, busyTimeoutMs: busyTimeoutMs(options.env) });
}

/**
 * A PostgreSQL database has its own tools for this: the one line names them, as a command to
 * run on `target` as it may be printed (without its password, which PGPASSWORD or ~/.pgpass
 * give pg_dump as they give funnel).
 */
async function refusePostgres(
  target: string,
  env: NodeJS.ProcessEnv,
  command: string,
  verb: string,
  tool: (printableUrl: string) => string,
): Promise<void> {
  if (isPostgresTarget(target)) {
    const location = await printableLocation(target, env);
    throw new UserError(
      `funnel ${command} works on a SQLite file; ${location} is a PostgreSQL database, which PostgreSQL's own tools ${verb}`,
      `use ${tool(location)}`,
    );
  }
}

/** `text` as one word of a POSIX shell (quoted when it holds anything but plain characters). */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

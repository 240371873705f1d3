import { type ChildProcess, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { expect } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { plainEnv, type RunResult, repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";

/** What a crash or concurrency test compares: every table's row count and content hash. */
export type TableDigests = Record<string, string>;

/** Each table's rows (all columns, in rowid order) hashed, so any changed cell shows. */
export function tableDigests(dbPath: string): TableDigests {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    const digests: TableDigests = {};
    for (const table of tables) {
      const hash = createHash("sha256");
      let rows = 0;
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate()) {
        hash.update(
          JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? `${value}n` : value)),
        );
        hash.update("\n");
        rows++;
      }
      digests[table] = `${rows} rows, ${hash.digest("hex").slice(0, 16)}`;
    }
    return digests;
  } finally {
    db.close();
  }
}

/** Every table's row count. */
export function rowCounts(dbPath: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(tableDigests(dbPath)).map(([table, digest]) => [
      table,
      Number.parseInt(digest, 10),
    ]),
  );
}

/** The two checks a damaged file fails: pages and indexes, then dangling foreign keys. */
export function expectIntact(dbPath: string): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
  } finally {
    db.close();
  }
}

/** One row (or value) of a query against the database. */
export function queryOne<T>(dbPath: string, sql: string): T {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

/**
 * Whether some process holds the write lock right now: a `BEGIN IMMEDIATE` that may not wait
 * fails with SQLITE_BUSY. When it succeeds it is rolled back at once.
 */
export function writeLockHeld(dbPath: string): boolean {
  if (!existsSync(dbPath)) return false;
  const db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  try {
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
    return false;
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Sends `child` SIGINT once it has held the database's write lock for `heldMs` on end: a long
 * write such as an import's transaction, not the moment's lock a starting process takes when it
 * opens the database (recovering its WAL), which on a loaded machine can be seen before the
 * command's Ctrl-C handler is installed.
 */
export function interruptWhileWriting(
  dbPath: string,
  child: { exitCode: number | null; signalCode: string | null; kill(signal: "SIGINT"): boolean },
  heldMs = 100,
): void {
  let heldSince: number | undefined;
  const poll = setInterval(() => {
    if (child.exitCode !== null || child.signalCode !== null) clearInterval(poll);
    else if (!writeLockHeld(dbPath)) heldSince = undefined;
    else if (heldSince === undefined) heldSince = Date.now();
    else if (Date.now() - heldSince >= heldMs) {
      clearInterval(poll);
      child.kill("SIGINT");
    }
  }, 20);
}

/** Folds the WAL into the main file, so copying that one file copies the whole database. */
export function settle(dbPath: string): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

/** A fresh copy of a settled database, with no WAL of an earlier run next to it. */
export function restoreCopy(from: string, to: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
}

export function fileSize(path: string): number {
  // Not existsSync then statSync: a -wal file can go between the two, when its last connection
  // closes.
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

export function lineCount(path: string): number {
  return readFileSync(path, "utf8").split("\n").length - 1;
}

/** `funnel demo` into `dbPath` (with its funnel.config.json next to it), then settled. */
export async function buildDemo(dbPath: string): Promise<void> {
  const result = await runMain(["--db", dbPath, "demo"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
}

/** Runs funnel and expects it to succeed; returns its parsed --json output. */
export async function funnelJson<T>(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<T> {
  const result = await runMain([...args, "--json"], env === undefined ? {} : { env });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The leads CSV of the benchmark generator (deterministic: N rows are a prefix of N+1). */
export function generateLeads(rows: number, file: string): string {
  execFileSync(
    process.execPath,
    [join(repoRoot, "scripts", "generate-leads.mjs"), String(rows), file],
    {
      stdio: "ignore",
    },
  );
  return file;
}

/** `rows` MQLs with only an email and a country: a handoff has all of them to assign. */
export function writeMqls(rows: number, file: string): string {
  const countries = ["US", "BR", "DE", "GB", "FR", "CA"];
  let text = "Email,Country,Lead Status\n";
  for (let i = 0; i < rows; i++)
    text += `mql${i}@company${i % 50}.example,${countries[i % 6]},MQL\n`;
  writeFileSync(file, text);
  return file;
}

/**
 * A deals CSV for the demo's reps, each deal on a lead of `leadEmails`: `stages` cycle, closed
 * ones get a close date. Two files with the same ids and other stages make the second an update.
 */
export function writeDeals(
  rows: number,
  leadEmails: readonly string[],
  stages: readonly string[],
  file: string,
): string {
  const owners = ["ana-souza", "noah-park", "omar-haddad"];
  let text =
    "Opportunity ID,Deal Name,Account,Owner,Contact Email,Stage,Amount,Created Date,Expected Close Date,Close Date\n";
  for (let i = 0; i < rows; i++) {
    const stage = stages[i % stages.length] ?? "Prospecting";
    const closed = stage === "Won" || stage === "Lost" ? "2026-11-20" : "";
    text += `D${i},Deal ${i},Account ${i % 300},${owners[i % 3]},${leadEmails[i % leadEmails.length]},${stage},${1000 + ((i * 37) % 50000)},2026-0${1 + (i % 9)}-1${i % 9} 10:00,2026-12-0${1 + (i % 9)},${closed}\n`;
  }
  writeFileSync(file, text);
  return file;
}

/**
 * The generator's first `rows` rows with a long Notes column added: above the 4 MiB at which
 * the import parses in its worker thread, with fewer rows (so fewer seconds) than plain ones.
 */
export function generateWideLeads(rows: number, file: string): string {
  generateLeads(rows, file);
  const notes = "call back after the trade show; ".repeat(14);
  const lines = readFileSync(file, "utf8").split("\n");
  const wide = lines.map((line, index) =>
    line === "" ? line : `${line},${index === 0 ? "Notes" : `${notes}${index}`}`,
  );
  writeFileSync(file, wide.join("\n"));
  return file;
}

/** The emails (4th column) of a generated leads CSV, header skipped. */
export function emailsOf(file: string, limit: number): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .slice(1, limit + 1)
    .map((line) => line.split(",")[3] ?? "");
}

/** The temporary files of `rejects` (`.leads.rejects.csv.partial-<pid>.tmp`) next to it. */
export function partialRejectsOf(rejects: string): string[] {
  const prefix = `.${basename(rejects)}.partial-`;
  return readdirSync(dirname(rejects))
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(dirname(rejects), name));
}

/** What the test saw at the moment it killed the process. */
export interface KillObservation {
  /** Another process held the write lock: the kill landed inside the transaction. */
  readonly lockHeld: boolean;
  readonly walBytes: number;
  readonly partialRejects: boolean;
}

export interface KilledRun {
  readonly result: RunResult;
  readonly observed: KillObservation | undefined;
  readonly elapsedMs: number;
}

/**
 * When to kill: a delay after the spawn, or the moment the first bytes reach the WAL, which
 * (the database's WAL being empty to start with) is when the transaction spills or commits.
 */
export type KillMoment = { afterMs: number } | "first-wal-write";

/**
 * Runs funnel and SIGKILLs it at `moment`, noting first whether it held the write lock. The
 * result says whether the kill really happened (signal) or the run ended first.
 */
export async function runAndKill(
  args: readonly string[],
  moment: KillMoment,
  watch: { dbPath: string; rejects?: string | undefined },
): Promise<KilledRun> {
  let timer: NodeJS.Timeout | undefined;
  let observed: KillObservation | undefined;
  const started = performance.now();
  const kill = (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    observed = {
      lockHeld: writeLockHeld(watch.dbPath),
      walBytes: fileSize(`${watch.dbPath}-wal`),
      partialRejects: watch.rejects !== undefined && partialRejectsOf(watch.rejects).length > 0,
    };
    child.kill("SIGKILL");
  };
  const result = await runFunnel(args, {
    env: plainEnv(),
    onSpawn: (child: ChildProcess) => {
      if (moment === "first-wal-write") {
        timer = setInterval(() => {
          if (fileSize(`${watch.dbPath}-wal`) === 0) return;
          clearInterval(timer);
          kill(child);
        }, 1);
      } else timer = setTimeout(() => kill(child), moment.afterMs);
    },
  });
  clearTimeout(timer);
  clearInterval(timer);
  return { result, observed, elapsedMs: performance.now() - started };
}

/** Milliseconds a command takes from spawn to exit, for placing kill points in it. */
export async function timedRun(
  args: readonly string[],
): Promise<{ result: RunResult; ms: number }> {
  const started = performance.now();
  const result = await runFunnel(args);
  return { result, ms: performance.now() - started };
}

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funnelBin, plainEnv, type RunResult, runFunnel } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import {
  buildDemo,
  expectIntact,
  generateWideLeads,
  queryOne,
  restoreCopy,
  rowCounts,
  settle,
  writeLockHeld,
  writeMqls,
} from "./database-state.js";

/**
 * Real processes at once on one database file: readers beside a writer (WAL), two writers
 * (the second waits for the lock, or gives up after the busy timeout with one clear line),
 * two handoffs (no lead assigned twice).
 */

let dir: string;
const at = (name: string) => join(dir, name);
let base: string;
let bigImport: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "funnel-concurrency-"));
  base = at("base.db");
  await buildDemo(base);
  settle(base);
  // Above 4 MiB: several seconds of import, in its worker thread, holding the write lock.
  bigImport = generateWideLeads(9000, at("big.csv"));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = (db: string, sql: string) => queryOne<{ n: number }>(db, sql).n;

/** A running funnel, with its result once it ends. */
function start(
  args: readonly string[],
  env: NodeJS.ProcessEnv = plainEnv(),
): { child: ChildProcess; done: Promise<RunResult & { ms: number }> } {
  const started = performance.now();
  const child = spawn(funnelBin, [...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<RunResult & { ms: number }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started }),
    );
  });
  return { child, done };
}

/** Waits until some process holds the database's write lock (the writer is inside its transaction). */
async function lockTaken(db: string, writer: ChildProcess): Promise<void> {
  for (;;) {
    if (writer.exitCode !== null) throw new Error("the writer ended before it took the lock");
    if (existsSync(db) && writeLockHeld(db)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function busyLine(db: string, waitedMs: number): string {
  return `funnel: database ${db} is busy: another funnel command was still writing to it after ${waitedMs} ms; nothing was changed; run this again when that command has finished, or wait longer with FUNNEL_BUSY_TIMEOUT_MS=60000\n`;
}

describe("readers while an import writes", () => {
  it("see the state before the import or after it, never part of it, and do not wait", async () => {
    const db = at("readers.db");
    restoreCopy(base, db);
    const reports: [string, string[]][] = [
      [
        "funnel report",
        ["--db", db, "report", "funnel", "--period", "2026", "--as-of", "2026-12-31", "--json"],
      ],
      ["leads", ["--db", db, "leads", "--json"]],
    ];
    const read = async () =>
      Promise.all(reports.map(([, args]) => runFunnel(args).then((result) => ({ result }))));
    const before = await read();
    for (const { result } of before) expect(result.code).toBe(0);

    const writer = start(["--db", db, "import", bigImport, "--rejects", at("readers.rejects.csv")]);
    await lockTaken(db, writer.child);
    const during: { outputs: string[]; whileLocked: boolean }[] = [];
    while (running(writer.child)) {
      const lockedAtStart = writeLockHeld(db);
      const outputs = await read();
      const lockedAtEnd = running(writer.child) && writeLockHeld(db);
      for (const { result } of outputs) expect(result.code).toBe(0);
      during.push({
        outputs: outputs.map(({ result }) => result.stdout),
        whileLocked: lockedAtStart && lockedAtEnd,
      });
    }
    const written = await writer.done;
    expect(written.stderr).toBe("");
    expect(written.code).toBe(0);
    const after = await read();
    const beforeOutputs = before.map(({ result }) => result.stdout);
    const afterOutputs = after.map(({ result }) => result.stdout);
    expect(afterOutputs).not.toEqual(beforeOutputs);
    for (const { outputs, whileLocked } of during) {
      outputs.forEach((output, index) => {
        // Each report reads one snapshot: before the import, or (once it committed) after it.
        if (whileLocked) expect(output).toBe(beforeOutputs[index]);
        else expect([beforeOutputs[index], afterOutputs[index]]).toContain(output);
      });
    }
    // Some reports ran from start to end while the import held the lock: readers don't wait.
    expect(during.filter(({ whileLocked }) => whileLocked).length).toBeGreaterThan(0);
  }, 120_000);
});

describe("two imports at once", () => {
  const small = () => {
    const file = at("small.csv");
    if (!existsSync(file)) writeMqls(50, file);
    return file;
  };

  it("the second gives up after the busy timeout with one line and exit 1; the first completes", async () => {
    const db = at("busy.db");
    restoreCopy(base, db);
    const leadsBefore = count(db, "SELECT count(*) AS n FROM leads");
    const first = start([
      "--db",
      db,
      "import",
      bigImport,
      "--rejects",
      at("busy.rejects.csv"),
      "--json",
    ]);
    await lockTaken(db, first.child);
    // Frozen inside its transaction, the first holds the lock for as long as the second needs,
    // however slow the machine: it then goes on as if nothing had happened.
    first.child.kill("SIGSTOP");
    const second = await start(
      ["--db", db, "import", small(), "--rejects", at("small.rejects.csv")],
      plainEnv({ FUNNEL_BUSY_TIMEOUT_MS: "1000" }),
    ).done;
    expect(running(first.child) && writeLockHeld(db)).toBe(true);
    first.child.kill("SIGCONT");
    expect(second.stderr).toBe(busyLine(db, 1000));
    expect(second.stdout).toBe("");
    expect(second.code).toBe(1);
    expect(second.ms).toBeGreaterThanOrEqual(1000);
    const done = await first.done;
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    const summary = JSON.parse(done.stdout) as { inserted: number };
    // Exactly the first import: its batch and leads, nothing of the second.
    expectIntact(db);
    expect(
      count(db, "SELECT count(*) AS n FROM import_batches WHERE file_name = 'small.csv'"),
    ).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM leads WHERE email LIKE 'mql%'")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM leads")).toBe(leadsBefore + summary.inserted);
    expect(count(db, "SELECT count(*) AS n FROM import_batches WHERE finished_at IS NULL")).toBe(0);
  }, 120_000);

  it("with a longer FUNNEL_BUSY_TIMEOUT_MS the second waits and then imports: they serialise", async () => {
    const db = at("serial.db");
    restoreCopy(base, db);
    const leadsBefore = count(db, "SELECT count(*) AS n FROM leads");
    const batchesBefore = count(db, "SELECT count(*) AS n FROM import_batches");
    const first = start([
      "--db",
      db,
      "import",
      bigImport,
      "--rejects",
      at("serial.rejects.csv"),
      "--json",
    ]);
    await lockTaken(db, first.child);
    const second = start(
      ["--db", db, "import", small(), "--rejects", at("small.rejects.csv"), "--json"],
      plainEnv({ FUNNEL_BUSY_TIMEOUT_MS: "60000" }),
    );
    const [one, two] = await Promise.all([first.done, second.done]);
    for (const result of [one, two]) {
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    const firstSummary = JSON.parse(one.stdout) as { inserted: number; batchId: number };
    const secondSummary = JSON.parse(two.stdout) as { inserted: number; batchId: number };
    expect(secondSummary.inserted).toBe(50);
    // The second took its batch after the first had committed.
    expect(secondSummary.batchId).toBe(firstSummary.batchId + 1);
    expectIntact(db);
    expect(count(db, "SELECT count(*) AS n FROM leads")).toBe(
      leadsBefore + firstSummary.inserted + secondSummary.inserted,
    );
    expect(count(db, "SELECT count(*) AS n FROM import_batches")).toBe(batchesBefore + 2);
    expect(count(db, "SELECT count(*) AS n FROM import_batches WHERE finished_at IS NULL")).toBe(0);
  }, 120_000);

  it("refuses a FUNNEL_BUSY_TIMEOUT_MS that is not a number of milliseconds", async () => {
    const db = at("setting.db");
    restoreCopy(base, db);
    const before = rowCounts(db);
    const result = await runMain(["--db", db, "import", small()], {
      env: plainEnv({ FUNNEL_BUSY_TIMEOUT_MS: "5s" }),
    });
    expect(result.stderr).toBe(
      'funnel: FUNNEL_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not "5s"; e.g. FUNNEL_BUSY_TIMEOUT_MS=30000, or unset it for the default of 5000\n',
    );
    expect(result.code).toBe(1);
    expect(rowCounts(db)).toEqual(before);
  });
});

describe("two handoffs at once", () => {
  it("hand each MQL to one rep once: the second waits for the first and finds nothing left", async () => {
    const db = at("handoff.db");
    restoreCopy(base, db);
    const added = await runFunnel(["--db", db, "import", writeMqls(3000, at("mqls.csv"))]);
    expect(added.code).toBe(0);
    const waiting = () =>
      count(db, "SELECT count(*) AS n FROM leads WHERE stage = 'mql' AND owner IS NULL");
    const toHandOff = waiting();
    const handoffsBefore = count(db, "SELECT count(*) AS n FROM handoffs");
    const runs = await Promise.all([
      start(["--db", db, "handoff", "--json"]).done,
      start(["--db", db, "handoff", "--json"]).done,
    ]);
    let assigned = 0;
    for (const run of runs) {
      // Serialised (the lock is taken before the MQLs are read), or, past the busy timeout on a
      // very slow machine, one clear line; never an internal error.
      if (run.code === 1) {
        expect(run.stderr).toBe(busyLine(db, 5000));
        continue;
      }
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      assigned += (JSON.parse(run.stdout) as { rep: string | null }[]).filter(
        (row) => row.rep !== null,
      ).length;
    }
    expect(assigned).toBe(toHandOff);
    expect(waiting()).toBe(0);
    expectIntact(db);
    const handoffs = count(db, "SELECT count(*) AS n FROM handoffs");
    expect(handoffs).toBe(handoffsBefore + toHandOff);
    // No lead handed off twice.
    expect(count(db, "SELECT count(DISTINCT lead_id) AS n FROM handoffs")).toBe(handoffs);
  }, 60_000);
});

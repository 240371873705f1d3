import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../helpers/run-main.js";
import {
  buildDemo,
  emailsOf,
  expectIntact,
  fileSize,
  generateLeads,
  generateWideLeads,
  type KillMoment,
  type KillObservation,
  lineCount,
  partialRejectsOf,
  queryOne,
  restoreCopy,
  rowCounts,
  runAndKill,
  settle,
  tableDigests,
  timedRun,
  writeDeals,
  writeMqls,
} from "./database-state.js";

/**
 * SIGKILL (no handler runs, funnel rolls nothing back) at several moments of a long write; the
 * next opener must then find an intact database holding exactly the state before the command,
 * or, for a kill after COMMIT, the complete state after it: never anything in between.
 * The first kill lands when the first bytes reach the WAL (the transaction spilling or
 * committing); the others at fractions of the command's duration on this machine, so they
 * land in start-up and in the middle of the transaction however fast the machine is.
 */
const killFractions = [0.1, 0.4, 0.7];

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "funnel-crash-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CrashPoint {
  readonly moment: string;
  readonly observed: KillObservation | undefined;
  readonly state: "before" | "after";
}

interface Scenario {
  /** A settled database the command starts from, copied afresh for every run. */
  readonly base: string;
  readonly db: string;
  readonly args: readonly string[];
  /** The rejects file the command writes, if any. */
  readonly rejects?: string;
  /** Checks a complete run's --json output against what the input must give. */
  readonly expectRightCounts: (stdout: string, db: string) => void;
  /** What only a complete run leaves behind. */
  readonly expectComplete: (db: string) => void;
}

/**
 * The whole experiment for one command. A kill at the first WAL write, then the command again on
 * that killed database: it must complete with the right counts, and it gives the duration to
 * place the other kills at and the "after" state a kill after COMMIT must match.
 */
async function crashAt(scenario: Scenario): Promise<CrashPoint[]> {
  const { base, db, args, rejects } = scenario;
  const fresh = () => {
    restoreCopy(base, db);
    if (rejects === undefined) return;
    rmSync(rejects, { force: true });
    for (const partial of partialRejectsOf(rejects)) rmSync(partial, { force: true });
  };
  const killAt = (moment: KillMoment) => runAndKill(args, moment, { dbPath: db, rejects });
  fresh();
  const before = tableDigests(db);
  const points: CrashPoint[] = [];
  /** Intact, and the state before; else (killed after COMMIT) the state `after`, once known. */
  const expectBeforeOrAfter = (after: Record<string, number> | undefined): "before" | "after" => {
    expectIntact(db);
    const digests = tableDigests(db);
    if (JSON.stringify(digests) === JSON.stringify(before)) {
      // No rejects file under its final name for an import that did not happen.
      if (rejects !== undefined) expect(existsSync(rejects)).toBe(false);
      return "before";
    }
    scenario.expectComplete(db);
    if (after !== undefined) expect(rowCounts(db)).toEqual(after);
    return "after";
  };

  let atCommit = await killAt("first-wal-write");
  // The WAL is written and (at exit) folded back within milliseconds: a poll can miss it.
  for (let attempt = 0; attempt < 3 && atCommit.result.signal !== "SIGKILL"; attempt++) {
    fresh();
    atCommit = await killAt("first-wal-write");
  }
  // Really killed, not a normal exit: otherwise the point would prove nothing.
  expect(atCommit.result.signal).toBe("SIGKILL");
  const commitState = expectBeforeOrAfter(undefined);
  points.push({ moment: "first WAL write", observed: atCommit.observed, state: commitState });
  if (commitState === "after") fresh();

  // The same command again, on the killed database as the kill left it (WAL and lock files).
  const rerun = await timedRun(args);
  expect(rerun.result.stderr).toBe("");
  expect(rerun.result.code).toBe(0);
  scenario.expectRightCounts(rerun.result.stdout, db);
  // A temporary rejects file the kill left behind was removed by the run that wrote there next.
  if (rejects !== undefined) expect(partialRejectsOf(rejects)).toEqual([]);
  scenario.expectComplete(db);
  expectIntact(db);
  const after = rowCounts(db);
  expect(after).not.toEqual(rowCounts(base));

  for (const fraction of killFractions) {
    let delayMs = Math.round(fraction * rerun.ms);
    fresh();
    let killed = await killAt({ afterMs: delayMs });
    // A run faster than the measured one may end before its kill: aim again, inside that run.
    for (let attempt = 0; attempt < 3 && killed.result.signal !== "SIGKILL"; attempt++) {
      delayMs = Math.round(fraction * Math.min(rerun.ms, killed.elapsedMs) * 0.8 ** (attempt + 1));
      fresh();
      killed = await killAt({ afterMs: delayMs });
    }
    expect(killed.result.signal).toBe("SIGKILL");
    expect(killed.result.code).toBeNull();
    const state = expectBeforeOrAfter(after);
    points.push({ moment: `${fraction * 100}% (${delayMs} ms)`, observed: killed.observed, state });
  }
  // At least one kill landed while the command held the write lock, mid-transaction.
  expect(points.some((point) => point.state === "before" && point.observed?.lockHeld)).toBe(true);
  console.info(
    `crash points of funnel ${args.slice(2).join(" ")}:\n${points
      .map(
        (point) =>
          `  ${point.moment}: ${
            point.observed?.lockHeld ? "inside" : "outside"
          } the write transaction, WAL ${point.observed?.walBytes ?? 0} bytes, partial rejects ${
            point.observed?.partialRejects ? "present" : "absent"
          } -> state ${point.state}`,
      )
      .join("\n")}`,
  );
  return points;
}

interface BatchSummary {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

const count = (db: string, sql: string) => queryOne<{ n: number }>(db, sql).n;

const everyBatchFinished = (db: string) => {
  expect(count(db, "SELECT count(*) AS n FROM import_batches WHERE finished_at IS NULL")).toBe(0);
};

describe("a SIGKILL during a write leaves the state before it (or, after COMMIT, after it)", () => {
  // One base for all: the demo (every table filled) plus 2,000 generated leads, which the
  // bigger import below updates (a Notes column more: lead revisions) before adding its own.
  let base: string;
  beforeAll(async () => {
    base = at("base.db");
    await buildDemo(base);
    const prefix = generateLeads(2000, at("prefix.csv"));
    const first = await runMain([
      "--db",
      base,
      "import",
      prefix,
      "--rejects",
      at("prefix.rejects.csv"),
    ]);
    expect(first.code).toBe(0);
    settle(base);
  }, 60_000);

  it("funnel import (leads, parsed in the worker thread)", async () => {
    // 9,000 rows with a long Notes column: above 4 MiB, so parsed in the worker thread.
    const rows = 9000;
    const file = generateWideLeads(rows, at("leads.csv"));
    expect(fileSize(file)).toBeGreaterThan(4 << 20);
    const db = at("leads-import.db");
    const rejects = at("leads.rejects.csv");
    const leadsBefore = count(base, "SELECT count(*) AS n FROM leads");
    await crashAt({
      base,
      db,
      args: ["--db", db, "import", file, "--rejects", rejects, "--json"],
      rejects,
      expectRightCounts: (stdout, path) => {
        const summary = JSON.parse(stdout) as BatchSummary;
        expect(summary.rowsRead).toBe(rows);
        expect(summary.inserted + summary.updated + summary.unchanged + summary.rejected).toBe(
          rows,
        );
        // The first 2,000 rows are the leads imported before, now with notes.
        expect(summary.updated).toBeGreaterThan(1900);
        expect(count(path, "SELECT count(*) AS n FROM leads")).toBe(leadsBefore + summary.inserted);
        expect(lineCount(rejects)).toBe(summary.rejected + 1);
      },
      expectComplete: (path) => {
        everyBatchFinished(path);
        expect(count(path, "SELECT count(*) AS n FROM lead_revisions")).toBeGreaterThan(1900);
      },
    });
  }, 120_000);

  it("funnel handoff (thousands of MQLs in one run)", async () => {
    const mqlBase = at("mql-base.db");
    restoreCopy(base, mqlBase);
    const added = await runMain(["--db", mqlBase, "import", writeMqls(4000, at("mqls.csv"))]);
    expect(added.code).toBe(0);
    settle(mqlBase);
    const waiting = (path: string) =>
      count(path, "SELECT count(*) AS n FROM leads WHERE stage = 'mql' AND owner IS NULL");
    const toHandOff = waiting(mqlBase);
    expect(toHandOff).toBeGreaterThanOrEqual(4000);
    const db = at("handoff.db");
    await crashAt({
      base: mqlBase,
      db,
      args: ["--db", db, "handoff", "--json"],
      expectRightCounts: (stdout) => {
        const plan = JSON.parse(stdout) as { rep: string | null }[];
        expect(plan.filter((row) => row.rep !== null)).toHaveLength(toHandOff);
      },
      expectComplete: (path) => {
        expect(waiting(path)).toBe(0);
        // Each lead handed off once, never twice.
        expect(count(path, "SELECT count(*) AS n FROM handoffs")).toBe(
          count(path, "SELECT count(DISTINCT lead_id) AS n FROM handoffs"),
        );
      },
    });
  }, 120_000);

  it("funnel import --type deals (moves thousands of deals and their leads)", async () => {
    const rows = 3000;
    const dealsBase = at("deals-base.db");
    restoreCopy(base, dealsBase);
    const emails = emailsOf(at("prefix.csv"), 2000);
    const opened = writeDeals(rows, emails, ["Prospecting", "Qualification"], at("deals-open.csv"));
    const first = await runMain([
      "--db",
      dealsBase,
      "import",
      opened,
      "--type",
      "deals",
      "--rejects",
      at("open.rejects.csv"),
      "--json",
    ]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const opening = JSON.parse(first.stdout) as BatchSummary;
    expect(opening.inserted).toBeGreaterThan(2800);
    settle(dealsBase);
    const db = at("deals.db");
    const rejects = at("deals.rejects.csv");
    const moved = writeDeals(
      rows,
      emails,
      ["Proposal", "Negotiation", "Won", "Lost"],
      at("deals-moved.csv"),
    );
    await crashAt({
      base: dealsBase,
      db,
      args: ["--db", db, "import", moved, "--type", "deals", "--rejects", rejects, "--json"],
      rejects,
      expectRightCounts: (stdout) => {
        const summary = JSON.parse(stdout) as BatchSummary;
        // Every deal opened before moves; the rows whose lead was never imported are rejected again.
        expect(summary).toMatchObject({
          rowsRead: rows,
          inserted: 0,
          updated: opening.inserted,
          unchanged: 0,
          rejected: opening.rejected,
        });
        expect(lineCount(rejects)).toBe(summary.rejected + 1);
      },
      expectComplete: (path) => {
        everyBatchFinished(path);
        // Every deal of the file moved on: none is left at its opening stage.
        expect(
          count(
            path,
            "SELECT count(*) AS n FROM deals WHERE external_id GLOB 'D[0-9]*' AND stage IN ('prospecting', 'qualification')",
          ),
        ).toBe(0);
      },
    });
  }, 120_000);
});

import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { interruptWhileWriting } from "../reliability/database-state.js";

const temp = useTempDir();
const generator = join(repoRoot, "scripts", "generate-leads.mjs");
let dir: string;
let medium: string;
let large: string;

beforeAll(() => {
  // Above the 4 MiB threshold, so the reader runs in its worker thread.
  dir = execFileSync("mktemp", ["-d"], { encoding: "utf8" }).trim();
  medium = join(dir, "medium.csv");
  large = join(dir, "large.csv");
  execFileSync(process.execPath, [generator, "40000", medium], { stdio: "ignore" });
  execFileSync(process.execPath, [generator, "300000", large], { stdio: "ignore" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function query<T>(dbPath: string, sql: string): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
}

function cohortIndexSql(dbPath: string): string | undefined {
  return query<{ sql: string } | undefined>(
    dbPath,
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'leads_cohort'",
  )?.sql;
}

describe("a large import (worker thread)", () => {
  it("accounts for every row and stores exactly what it counted", async () => {
    const db = temp.path("funnel.db");
    const result = await runFunnel([
      "--db",
      db,
      "import",
      medium,
      "--rejects",
      temp.path("rejects.csv"),
      "--json",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.rowsRead).toBe(40000);
    expect(summary.inserted + summary.updated + summary.unchanged + summary.rejected).toBe(40000);
    expect(summary.rejected).toBeGreaterThan(0);
    expect(summary.duplicates).toBeGreaterThan(0);
    const stored = query<{ leads: number; events: number }>(
      db,
      "SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM stage_events WHERE from_stage IS NULL) AS events",
    );
    expect(stored).toEqual({ leads: summary.inserted, events: summary.inserted });
    const rejects = execFileSync("wc", ["-l", temp.path("rejects.csv")], { encoding: "utf8" });
    expect(Number.parseInt(rejects, 10)).toBe(summary.rejected + 1);
    // The reports' index, dropped for this import (as large as the table) and built again
    // before the commit: there, as the migration made it, and consistent with every row.
    expect(cohortIndexSql(db)).toMatch(/^CREATE INDEX leads_cohort ON leads \(created_at, /);
    expect(query<{ integrity_check: string }>(db, "PRAGMA integrity_check").integrity_check).toBe(
      "ok",
    );
    expect(
      query<{ n: number }>(
        db,
        "SELECT count(*) AS n FROM leads INDEXED BY leads_cohort WHERE created_at > ''",
      ).n,
    ).toBe(summary.inserted);
  });

  it("rolls back completely on Ctrl-C and exits 130", async () => {
    const db = temp.path("funnel.db");
    // Created (and migrated) first, so the only write lock below is the import's.
    expect((await runFunnel(["--db", db, "leads"])).code).toBe(0);
    const result = await runFunnel(
      ["--db", db, "import", large, "--rejects", temp.path("rejects.csv")],
      {
        // Ctrl-C once the import holds the write lock (inside its transaction): a fixed delay
        // could land before the handler is installed on a loaded machine.
        onSpawn: (child) => interruptWhileWriting(db, child),
      },
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toBe("funnel: interrupted; nothing was changed\n");
    const stored = query<{ leads: number; batches: number }>(
      db,
      "SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM import_batches) AS batches",
    );
    expect(stored).toEqual({ leads: 0, batches: 0 });
    const integrity = query<{ integrity_check: string }>(db, "PRAGMA integrity_check");
    expect(integrity.integrity_check).toBe("ok");
    // Dropped inside the transaction, so back with the rollback.
    expect(cohortIndexSql(db)).toMatch(/^CREATE INDEX leads_cohort /);
  });
});

describe("concurrent use of one database", () => {
  it("lets a report read while an import writes, and makes a second import wait then fail clearly", async () => {
    const db = temp.path("funnel.db");
    const importing = runFunnel([
      "--db",
      db,
      "import",
      large,
      "--rejects",
      temp.path("rejects.csv"),
      "--json",
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const reading = await runFunnel(["--db", db, "leads", "--json"]);
    expect(reading.code).toBe(0);
    // The import is one transaction: a reader sees none of it until it commits.
    expect(JSON.parse(reading.stdout)).toEqual([]);

    const second = await runFunnel([
      "--db",
      db,
      "import",
      medium,
      "--rejects",
      temp.path("rejects2.csv"),
    ]);
    const first = await importing;
    expect(first.code).toBe(0);
    // Either the first import committed within the second's busy timeout (5 s) and they ran
    // one after the other, or the second gave up with a clear message and changed nothing.
    if (second.code !== 0) {
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        /^funnel: database .* is busy: another funnel command was still writing to it after 5000 ms; nothing was changed; run this again when that command has finished, or wait longer with FUNNEL_BUSY_TIMEOUT_MS=60000\n$/,
      );
    }
    const stored = query<{ batches: number; leads: number }>(
      db,
      "SELECT (SELECT count(*) FROM import_batches) AS batches, (SELECT count(*) FROM leads) AS leads",
    );
    expect(stored.batches).toBe(second.code === 0 ? 2 : 1);
    expect(stored.leads).toBeGreaterThan(0);
  });
});

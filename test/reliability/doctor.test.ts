import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { schemaVersion } from "../../src/store/sqlite/migrations.js";
import { buildOlderDatabase, namesIn } from "../helpers/database-files.js";
import { repoRoot, runCommand } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

async function databaseWithLeads(name = "funnel.db"): Promise<string> {
  const db = temp.path(name);
  const result = await runMain(["--db", db, "import", fixture("leads.csv")]);
  expect(result.code, result.stderr).toBe(0);
  return db;
}

/** The id of a process that has exited: what a killed command's files carry. */
async function deadPid(): Promise<number> {
  return Number((await runCommand("sh", ["-c", "echo $$"])).stdout.trim());
}

interface DoctorJson {
  healthy: boolean;
  checks: { check: string; status: string; detail: string }[];
  leftovers: { path: string; what: string; pid: number | null; action: string }[];
}

const statusOf = (report: DoctorJson, check: string) =>
  report.checks.find((row) => row.check === check)?.status;

describe("funnel doctor", () => {
  it("a healthy database: every check ok, exit 0, and nothing changed", async () => {
    const db = await databaseWithLeads();
    const before = statSync(db).mtimeMs;
    const run = await runMain(["--db", db, "doctor"]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout).toBe(
      [
        "check            status  detail",
        "file mode        ok      600: readable by its owner only",
        `schema           ok      version ${schemaVersion}, this funnel's`,
        "integrity        ok      PRAGMA integrity_check: ok",
        "foreign keys     ok      every reference points at a row",
        "journal mode     ok      wal",
        "write-ahead log  ok      empty",
        "leftovers        ok      none",
        "",
      ].join("\n"),
    );
    const json = await runMain(["--db", db, "doctor", "--quick", "--json"]);
    const report = JSON.parse(json.stdout) as DoctorJson;
    expect(report.healthy).toBe(true);
    expect(report.checks.find((row) => row.check === "integrity")?.detail).toBe(
      "PRAGMA quick_check: ok",
    );
    expect(statSync(db).mtimeMs).toBe(before);
    expect(namesIn(temp.path(""))).toEqual(["funnel.db"]);
  });

  it("creates no database: a missing --db is one line and exit 1", async () => {
    const missing = temp.path("missing.db");
    const run = await runMain(["--db", missing, "doctor"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      `funnel: there is no database at ${missing}; pass the database file with --db\n`,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it.each([
    [
      "a row pointing at a lead that is gone",
      "foreign keys",
      (db: string) => {
        const connection = new Database(db);
        connection.pragma("foreign_keys = OFF");
        connection.exec("DELETE FROM leads WHERE id = (SELECT min(lead_id) FROM stage_events)");
        connection.close();
      },
      /^funnel: doctor found a problem in .*: foreign keys: \d+ row\(s\) point at rows that are gone, first: stage_events row \d+ -> leads\n$/,
    ],
    [
      "a schema newer than this funnel's",
      "schema",
      (db: string) => {
        const connection = new Database(db);
        connection.pragma(`user_version = ${schemaVersion + 1}`);
        connection.close();
      },
      new RegExp(
        `^funnel: doctor found a problem in .*: schema: version ${schemaVersion + 1}, newer than this funnel's ${schemaVersion}: it refuses the file; upgrade funnel\\n$`,
      ),
    ],
    [
      "a file others can read",
      "file mode",
      (db: string) => chmodSync(db, 0o644),
      /^funnel: doctor found a problem in .*: file mode: .*funnel\.db is 644: others can read the data; chmod 600 .*funnel\.db\n$/,
    ],
    [
      "an index that no longer matches its table",
      "integrity",
      (db: string) => {
        const connection = new Database(db);
        // The email index now claims to index names: integrity_check finds every row missing.
        connection.unsafeMode(true);
        connection.pragma("writable_schema = ON");
        connection
          .prepare("UPDATE sqlite_schema SET sql = replace(sql, '(email', '(name') WHERE name = ?")
          .run("leads_email");
        connection.close();
      },
      /^funnel: doctor found a problem in .*: integrity: PRAGMA integrity_check: row 1 missing from index leads_email, and more; restore a backup\n$/,
    ],
  ])("finds %s: exit 3 with one line naming it", async (_name, check, spoil, message) => {
    const db = await databaseWithLeads();
    spoil(db);
    const run = await runMain(["--db", db, "doctor", "--json"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
    const report = JSON.parse(run.stdout) as DoctorJson;
    expect(report.healthy).toBe(false);
    expect(statusOf(report, check)).toBe("problem");
  });

  it("an older schema is a note, not a problem, and is not upgraded by the doctor", async () => {
    const db = temp.path("old.db");
    buildOlderDatabase(db, schemaVersion - 1);
    chmodSync(db, 0o600);
    const run = await runMain(["--db", db, "doctor", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorJson;
    expect(report.checks.find((row) => row.check === "schema")).toEqual({
      check: "schema",
      status: "note",
      detail: `version ${schemaVersion - 1}, older than this funnel's ${schemaVersion}: upgraded by the next command, after a copy is saved`,
    });
    expect(namesIn(temp.path(""))).toEqual(["old.db"]);
  });

  it("lists (--dry-run) and removes killed commands' leftovers, next to the database and next to its imports, never a running one's", async () => {
    const data = temp.path("data");
    mkdirSync(data);
    const db = join(data, "funnel.db");
    const imports = temp.path("imports");
    mkdirSync(imports);
    const input = join(imports, "in.csv");
    writeFileSync(input, "Email,Name\nann@x.example,Ann\n");
    expect((await runMain(["--db", db, "import", input])).code).toBe(0);
    const gone = await deadPid();
    const dead = [
      join(data, `.funnel.db.restore-${gone}.tmp`),
      join(data, `.funnel.db.restore-${gone}.tmp-journal`),
      join(data, `.report.md.out-${gone}.tmp`),
      join(imports, `.in.rejects.csv.partial-${gone}.tmp`),
    ];
    // This test's own process is alive: its file is in use, not a leftover.
    const running = join(data, `.funnel.db.backup-${process.pid}.tmp`);
    // Written by a funnel before process ids: kept, as no one can tell whether it still runs.
    const unnumbered = join(imports, "in.rejects.csv.partial");
    for (const path of [...dead, running, unnumbered]) writeFileSync(path, "x".repeat(1000));

    const dryRun = await runMain(["--db", db, "doctor", "--dry-run", "--json"]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const listed = JSON.parse(dryRun.stdout) as DoctorJson;
    expect(
      listed.leftovers
        .map(({ path, pid, action }) => ({ path, pid, action }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual(
      [
        { path: dead[0], pid: gone, action: "would be removed" },
        { path: dead[2], pid: gone, action: "would be removed" },
        { path: dead[3], pid: gone, action: "would be removed" },
        { path: unnumbered, pid: null, action: "kept" },
      ].sort((a, b) => (a.path ?? "").localeCompare(b.path ?? "")),
    );
    for (const path of [...dead, running, unnumbered]) expect(existsSync(path)).toBe(true);

    const cleared = await runMain(["--db", db, "doctor"]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/^leftovers +note +3 of 4 cleared \(4\.9 KiB\); see below$/m);
    expect(cleared.stdout).toMatch(
      /^leftover +removed +.*\.funnel\.db\.restore-\d+\.tmp: a restore's checked copy of its backup, 2\.0 KiB$/m,
    );
    for (const path of dead) expect(existsSync(path)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(unnumbered)).toBe(true);
  });

  it("--checkpoint folds the write-ahead log back into the database", async () => {
    const db = await databaseWithLeads();
    // A connection that keeps its WAL (no automatic checkpoint), as a long reader would.
    const writer = new Database(db);
    writer.pragma("wal_autocheckpoint = 0");
    writer.exec(
      "UPDATE leads SET name = name || ' (edited)'; UPDATE leads SET name = replace(name, ' (edited)', '')",
    );
    try {
      const walBytes = statSync(`${db}-wal`).size;
      expect(walBytes).toBeGreaterThan(0);
      const looked = JSON.parse(
        (await runMain(["--db", db, "doctor", "--json"])).stdout,
      ) as DoctorJson;
      expect(looked.checks.find((row) => row.check === "write-ahead log")).toMatchObject({
        status: "ok",
        detail: expect.stringMatching(/KiB$/),
      });
      const run = await runMain(["--db", db, "doctor", "--checkpoint", "--json"]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as DoctorJson;
      expect(report.checks.find((row) => row.check === "write-ahead log")).toMatchObject({
        status: "fixed",
        detail: expect.stringMatching(/^checkpointed .* into the database; now empty$/),
      });
      expect(statSync(`${db}-wal`).size).toBe(0);
    } finally {
      writer.close();
    }
  });
});

/**
 * The same figures from both engines: the README's fixtures imported into a SQLite file,
 * `funnel db copy`-ed to a throwaway PostgreSQL database, then every report and every list and
 * show command run on both with --json (fixed --as-of and --period), compared byte for byte
 * (stdout, stderr and exit code). Then the writing commands (qualify, score, reps, handoffs,
 * decisions, touches, deals, quotas, the SLA, the configuration, an import revert) run on both,
 * each on its own engine, and every read is compared again on what they wrote.
 *
 * And the imports themselves on both engines (their clock stopped, so that the times they stamp
 * match), then every read again.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frozenClockEnv } from "../../helpers/clock.js";
import { describePostgres, throwawayDatabase } from "../../helpers/postgres.js";
import { plainEnv, type RunResult, repoRoot, runFunnel } from "../../helpers/run-funnel.js";

/** Loads the file as the README does: every kind of import, one batch each. */
const imports: readonly string[][] = [
  ["import", "fixtures/leads.csv"],
  ["import", "fixtures/messy-leads.csv"],
  ["import", "fixtures/reps.csv", "--type", "reps"],
  ["import", "fixtures/deals.csv", "--type", "deals"],
  ["import", "fixtures/quotas.csv", "--type", "quotas"],
];

/** Every report, list and show command, as its --json output. */
const reads: readonly string[][] = [
  ["leads", "--all"],
  ["leads", "--stage", "mql", "--source", "web"],
  ["leads", "--limit", "3"],
  ["lead", "show", "00Q00059"],
  ["lead", "show", "00Q00036"],
  ["export", "leads", "--created", "2026-10"],
  ["export", "leads"],
  ["rep", "list"],
  ["rep", "show", "wei-chen"],
  ["rep", "show", "ana-souza"],
  ["deals", "--all"],
  ["deals", "--owner", "ana-souza", "--status", "open"],
  ["deal", "show", "31"],
  ["deal", "show", "A7PL0Q2S"],
  ["quota", "list"],
  ["quota", "list", "--period", "2026-11", "--metric", "revenue"],
  ["import", "list"],
  ["sla", "show"],
  ["sla", "check", "--period", "2026-11", "--as-of", "2026-11-27"],
  ["score", "--dry-run"],
  ["score", "--explain", "00Q00002"],
  ["handoff", "--dry-run", "--at", "2026-11-27 09:30"],
  ["handoff", "--dry-run", "--strategy", "territory", "--explain", "--at", "2026-11-27 09:30"],
  ["report", "assignments", "--period", "2026-11"],
  ["report", "quota", "--period", "2026-10", "--as-of", "2026-11-27"],
  ["report", "quota", "--period", "2026-Q4", "--by", "team", "--as-of", "2026-11-27"],
  ["report", "quota", "--period", "2026-Q4", "--metric", "deals", "--as-of", "2026-11-27"],
  ["report", "funnel", "--period", "2026", "--as-of", "2026-11-27"],
  ["report", "funnel", "--period", "2026", "--as-of", "2026-11-27", "--mode", "activity"],
  ...["source", "campaign", "owner", "team", "month", "quarter"].map((by) => [
    "report",
    "funnel",
    "--period",
    "2026",
    "--as-of",
    "2026-11-27",
    "--by",
    by,
  ]),
  [
    "report",
    "funnel",
    "--period",
    "2026-Q4",
    "--as-of",
    "2026-11-27",
    "--mode",
    "activity",
    "--by",
    "source",
  ],
  ["report", "sources", "--period", "2026", "--as-of", "2026-11-27"],
  ["report", "pipeline", "--as-of", "2026-11-27"],
  ["report", "pipeline", "--as-of", "2026-11-27", "--by", "owner", "--all"],
  ["report", "sla", "--period", "2026-11", "--as-of", "2026-11-27"],
  ["report", "monthly", "--period", "2026-10", "--as-of", "2026-11-27"],
].map((command) => [...command, "--json"]);

/** Commands read without --json: what they print is all they have. */
const plainReads: readonly string[][] = [
  ["config", "show"],
  ["config", "export"],
];

/** The writing commands, run on each engine, in order (the README's flow, fixed times). */
const writes: readonly string[][] = [
  // Before anything works its leads: a batch whose leads were handed off stays.
  ["import", "revert", "2", "--dry-run"],
  ["import", "revert", "2"],
  ["qualify", "00Q00039", "--as", "mql", "--note", "asked for a demo", "--at", "2026-11-27 09:00"],
  [
    "qualify",
    "00Q00009",
    "--as",
    "disqualified",
    "--reason",
    "student",
    "--at",
    "2026-11-27 09:05",
  ],
  ["score", "--config", "fixtures/funnel.config.json", "--promote", "--at", "2026-11-27 09:10"],
  [
    "rep",
    "add",
    "zoe-kim",
    "--name",
    "Zoe Kim",
    "--role",
    "ae",
    "--team",
    "West",
    "--territory",
    "GB",
  ],
  ["rep", "update", "wei-chen", "--weight", "2"],
  ["rep", "deactivate", "zoe-kim"],
  ["rep", "activate", "zoe-kim"],
  ["handoff", "--strategy", "territory", "--explain", "--at", "2026-11-27 09:30"],
  ["accept", "00Q00036", "--at", "2026-11-27 10:00"],
  ["reject", "00Q00058", "--reason", "student, no budget", "--at", "2026-11-27 10:15"],
  ["touch", "00Q00008", "--kind", "call", "--note", "left voicemail", "--at", "2026-11-27 10:30"],
  ["qualify", "00Q00015", "--as", "mql", "--at", "2026-11-27 10:40"],
  ["handoff", "--at", "2026-11-27 10:45"],
  [
    "deal",
    "add",
    "--lead",
    "00Q00036",
    "--owner",
    "ana-souza",
    "--amount",
    "24,000",
    "--expected-close",
    "2026-12-18",
    "--at",
    "2026-11-27 11:00",
  ],
  ["deal", "stage", "31", "proposal", "--at", "2026-11-27 11:30"],
  ["deal", "won", "31", "--amount", "25.5k", "--at", "2026-11-27 12:00"],
  ["deal", "lost", "A7PL0Q2S", "--reason", "chose a competitor", "--at", "2026-11-27 12:30"],
  ["quota", "set", "wei-chen", "2026-12", "8k"],
  ["quota", "set", "liam-smith", "2026-Q4", "12", "--metric", "deals"],
  [
    "sla",
    "set",
    "--mql-target",
    "20",
    "--source-target",
    "web=5",
    "--follow-up-hours",
    "24",
    "--decision-days",
    "2",
  ],
  ["config", "load", "fixtures/funnel.config.json"],
  ["config", "set", "fiscal-year-start", "4"],
  // Reports then read their periods in Lisbon: the zone is read from each database.
  ["config", "set", "timezone", "Europe/Lisbon"],
];

let folder: string;
let sqliteFile: string;
let postgresUrl: string;
const env = () => plainEnv({ PGPASSFILE: join(folder, "no-password-file") });

/**
 * The run of `args` on a database, its location written as <db>, and the one clock time the
 * runs print (when a batch was reverted: now, a moment apart on the two engines) as <now>.
 */
async function run(args: readonly string[], db: string): Promise<RunResult> {
  const result = await runFunnel([...args, "--db", db], { cwd: folder, env: env() });
  const anonymous = (text: string) =>
    text.replaceAll(db, "<db>").replace(/(reverted )\d{4}-\d\d-\d\dT[\d:.]+Z/g, "$1<now>");
  return { ...result, stdout: anonymous(result.stdout), stderr: anonymous(result.stderr) };
}

/** Both engines' runs of `args`, side by side. */
async function onBoth(args: readonly string[]): Promise<[RunResult, RunResult]> {
  return Promise.all([run(args, sqliteFile), run(args, postgresUrl)]);
}

const title = (args: readonly string[]) => args.join(" ");

describePostgres("the same output from SQLite and PostgreSQL", () => {
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "funnel-parity-"));
    cpSync(join(repoRoot, "fixtures"), join(folder, "fixtures"), { recursive: true });
    sqliteFile = join(folder, "funnel.db");
    for (const args of imports) {
      const result = await run(args, sqliteFile);
      expect(result.stderr).toBe("");
      expect(result.code, title(args)).toBe(0);
    }
    postgresUrl = await throwawayDatabase();
    const copied = await runFunnel(["db", "copy", "--from", sqliteFile, "--to", postgresUrl], {
      env: env(),
    });
    expect(copied.stderr).toBe("");
    expect(copied.code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  for (const args of [...reads, ...plainReads])
    it(`after the copy: ${title(args)}`, async () => {
      // Some fail alike (no SLA, no deal 31 yet): the same one line on both.
      const [sqlite, postgres] = await onBoth(args);
      expect(postgres).toEqual(sqlite);
    });

  it("the writing commands say the same on both", async () => {
    for (const args of writes) {
      const [sqlite, postgres] = await onBoth(args);
      expect(sqlite.code, `${title(args)}: ${sqlite.stderr}`).toBe(0);
      expect(postgres, title(args)).toEqual(sqlite);
    }
  }, 120_000);

  for (const args of [...reads, ...plainReads])
    it(`after the writes: ${title(args)}`, async () => {
      const [sqlite, postgres] = await onBoth(args);
      // Every one succeeds now (sla check finds a breach: exit 3).
      expect([0, 3], `${title(args)}: ${sqlite.stderr}`).toContain(sqlite.code);
      expect(sqlite.stdout).not.toBe("");
      expect(postgres).toEqual(sqlite);
    });
});

describePostgres("the same imports into SQLite and PostgreSQL", () => {
  let importFolder: string;
  let file: string;
  let url: string;
  const runOn = async (args: readonly string[], db: string): Promise<RunResult> => {
    const result = await runFunnel([...args, "--db", db], {
      cwd: importFolder,
      env: {
        ...plainEnv({ PGPASSFILE: join(importFolder, "none") }),
        ...frozenClockEnv("2026-11-27 12:00:00"),
      },
    });
    // How long it took is the one figure that may differ.
    const same = (text: string) => text.replaceAll(db, "<db>").replace(/ in \d+ ms/g, " in <n> ms");
    return { ...result, stdout: same(result.stdout), stderr: same(result.stderr) };
  };
  const both = (args: readonly string[]) => Promise.all([runOn(args, file), runOn(args, url)]);

  beforeAll(async () => {
    importFolder = mkdtempSync(join(tmpdir(), "funnel-parity-import-"));
    cpSync(join(repoRoot, "fixtures"), join(importFolder, "fixtures"), { recursive: true });
    file = join(importFolder, "funnel.db");
    url = await throwawayDatabase();
  });
  afterAll(() => rmSync(importFolder, { recursive: true, force: true }));

  it("every import says the same, rejects included", async () => {
    for (const args of [
      ...imports,
      // Last: what rolls back (a dry run, a file that fails) leaves a gap in PostgreSQL's ids,
      // where SQLite gives the next import the id again.
      ["import", "fixtures/messy-leads.csv", "--dry-run"],
      ["import", "fixtures/broken-quote.csv"],
    ]) {
      const [sqlite, postgres] = await both(args);
      expect(postgres, title(args)).toEqual(sqlite);
    }
    for (const name of ["messy-leads.rejects.csv"])
      expect(readFileSync(join(importFolder, "fixtures", name), "utf8")).not.toBe("");
  }, 120_000);

  describe("then reads", () => {
    for (const args of [...reads, ...plainReads])
      it(title(args), async () => {
        const [sqlite, postgres] = await both(args);
        expect(postgres).toEqual(sqlite);
      });
  });
});

describePostgres("a key freed by a merge earlier in the same file", () => {
  it("makes a later row with it a new lead on both engines", async () => {
    const folder = mkdtempSync(join(tmpdir(), "funnel-parity-key-"));
    try {
      writeFileSync(join(folder, "a.csv"), "external_id,email,first_name\nX1,a@x.example,Ann\n");
      // X1 takes b@x.example, leaving a@x.example, which a lead held when the batch was staged,
      // to the next row: a new lead, not a duplicate.
      writeFileSync(
        join(folder, "b.csv"),
        "external_id,email,first_name\nX1,b@x.example,Ann\nX2,a@x.example,Bob\n",
      );
      const url = await throwawayDatabase();
      const file = join(folder, "funnel.db");
      const env = { ...plainEnv(), ...frozenClockEnv("2026-11-27 12:00:00") };
      const outputs = [];
      for (const db of [file, url]) {
        for (const name of ["a.csv", "b.csv"])
          expect((await runFunnel(["--db", db, "import", name], { cwd: folder, env })).code).toBe(
            0,
          );
        const leads = await runFunnel(["--db", db, "leads", "--json"], { cwd: folder, env });
        outputs.push(JSON.parse(leads.stdout));
      }
      expect(outputs[1]).toEqual(outputs[0]);
      expect(
        (outputs[0] as { external_id: string; email: string }[]).map((lead) => [
          lead.external_id,
          lead.email,
        ]),
      ).toEqual([
        ["X2", "a@x.example"],
        ["X1", "b@x.example"],
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

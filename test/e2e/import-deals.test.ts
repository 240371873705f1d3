import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

function count(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

/** A database with the fixture team and leads. */
async function seeded(): Promise<string> {
  const db = temp.path("funnel.db");
  expect(
    (await runFunnel(["--db", db, "import", fixture("reps.csv"), "--type", "reps"])).code,
  ).toBe(0);
  expect((await runFunnel(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
  return db;
}

describe("funnel import --type deals and quotas (end to end, no TTY)", () => {
  it("imports the fixture deals, counts that add up, and reverts them", async () => {
    const db = await seeded();
    const result = await runFunnel(["--db", db, "import", fixture("deals.csv"), "--type", "deals"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Imported deals from .*deals\.csv into .* as batch 3 in \d+ m?s\n/,
    );
    expect(result.stdout).toContain("read 30 = inserted 30 + updated 0 + unchanged 0 + rejected 0");
    expect(result.stdout).toContain(
      "kept 7 deal(s) at stages the pipeline does not know: engaging (7); add them to pipeline.stages in the configuration (funnel config export, then funnel config load)",
    );
    expect(result.stdout).toContain("moved 11 lead(s) to opportunity or customer with their deals");
    expect(count(db, "SELECT count(*) FROM deals WHERE stage = 'won'")).toBe(13);
    expect(existsSync(fixture("deals.rejects.csv"))).toBe(false);

    const again = await runFunnel(["--db", db, "import", fixture("deals.csv"), "--type", "deals"]);
    expect(again.stdout).toContain("read 30 = inserted 0 + updated 0 + unchanged 30 + rejected 0");
    expect(again.stdout).toContain("this exact file was imported before as batch 3");
    expect(count(db, "SELECT count(*) FROM deals")).toBe(30);

    const refused = await runFunnel(["--db", db, "import", "revert", "2"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^funnel: batch 2 cannot be reverted: later imports changed its leads: batch 3 /,
    );

    const reverted = await runFunnel(["--db", db, "import", "revert", "3"]);
    expect(reverted.stderr).toBe("");
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toBe(
      "Reverted batch 3 (deals.csv): 30 deal(s) removed, 0 restored to their previous values, 48 deal event(s) removed; " +
        "11 lead(s) restored to their previous stage, 17 stage event(s) removed\n",
    );
    expect(count(db, "SELECT count(*) FROM deals")).toBe(0);
    expect(count(db, "SELECT count(*) FROM leads WHERE stage IN ('opportunity', 'customer')")).toBe(
      0,
    );
    expect((await runFunnel(["--db", db, "import", "revert", "2"])).code).toBe(0);
  });

  it("writes rejected rows next to the file, and --json gives the summary", async () => {
    const db = await seeded();
    const file = temp.write(
      "pipeline.csv",
      "Opportunity ID,Sales Agent,Deal Stage,Close Date,Close Value\n" +
        "A1,Ana Souza,Won,2026-11-02,1000\n" +
        "A2,Jane Doe,Won,2026-11-02,1000\n" +
        "A3,Wei Chen,Won,,1000\n",
    );
    const result = await runFunnel(["--db", db, "import", file, "--type", "deals", "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ kind: "deals", rowsRead: 3, inserted: 1, rejected: 2 });
    const rejects = readFileSync(temp.path("pipeline.rejects.csv"), "utf8").split("\n");
    expect(rejects[1]).toBe(
      'A2,Jane Doe,Won,2026-11-02,1000,3,"unknown owner ""Jane Doe"" (add the rep, or pass --create-reps)"',
    );
    expect(rejects[2]).toBe(
      "A3,Wei Chen,Won,,1000,4,a won deal needs its close date (fill Close Date)",
    );

    // The same bytes again, with another option: applied again (A2's owner is created now).
    const again = await runFunnel(["--db", db, "import", file, "--type", "deals", "--create-reps"]);
    expect(again.stdout).toContain("read 3 = inserted 1 + updated 0 + unchanged 1 + rejected 1");
    expect(again.stdout).toContain("created 1 rep(s) as ae: jane-doe (Jane Doe)");
    expect(again.stdout).toContain("with other options; its rows were applied again");
    // The rejected row, fixed, goes in as a file of its own (its line and reason left out).
    const rejected = readFileSync(temp.path("pipeline.rejects.csv"), "utf8");
    const fixed = temp.write("fixed.csv", rejected.replace(",,1000,", ",2026-11-03,1000,"));
    const applied = await runFunnel(["--db", db, "import", fixed, "--type", "deals", "--json"]);
    expect(JSON.parse(applied.stdout)).toMatchObject({ inserted: 1, rejected: 0 });
    expect(count(db, "SELECT attributes FROM deals WHERE external_id = 'A3'")).toBe("{}");
  });

  it("--dry-run reports the counts and writes nothing", async () => {
    const db = await seeded();
    const file = temp.path("deals.csv");
    copyFileSync(fixture("deals.csv"), file);
    const result = await runFunnel(["--db", db, "import", file, "--type", "deals", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Dry run \(nothing written\): would import deals from/);
    expect(result.stdout).toContain("read 30 = inserted 30 + updated 0 + unchanged 0 + rejected 0");
    expect(count(db, "SELECT count(*) FROM deals")).toBe(0);
    expect(count(db, "SELECT count(*) FROM import_batches")).toBe(2);
  });

  it.each([
    [
      "an unclosed quote",
      'Opportunity ID,Sales Agent,Deal Stage\nA1,"Ana Souza,Won\n',
      /never closed/,
    ],
    [
      "no stage or owner column",
      "Opportunity ID,Amount\nA1,100\n",
      /no column holds the deal's stage or owner; .*columns: Opportunity ID, Amount/,
    ],
    [
      "a --map of a missing column",
      "Opportunity ID,Owner,Stage\nA1,ana-souza,Won\n",
      /--map names a column the file does not have/,
      ["--map", "Agent=owner"],
    ],
  ])(
    "refuses %s with one line on stderr and exit 1, writing nothing",
    async (_name, content, message, extra = []) => {
      const db = await seeded();
      const file = temp.write("bad.csv", content);
      const result = await runFunnel(["--db", db, "import", file, "--type", "deals", ...extra]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^funnel: [^\n]+\n$/);
      expect(count(db, "SELECT count(*) FROM import_batches WHERE kind = 'deals'")).toBe(0);
    },
  );

  it.each([
    [["--type", "deals", "--metric", "deals"], "--metric does not apply to --type deals"],
    [
      ["--type", "quotas", "--owner", "ana-souza", "--stage", "won"],
      "--stage, --owner do not apply to --type quotas",
    ],
    [["--source", "web", "--create-reps"], "--create-reps does not apply to --type leads"],
    [
      ["--stage", "Negotiation"],
      '--stage "Negotiation" is not a lead stage (known: lead, mql, sal, sql, opportunity, customer, disqualified, recycled)',
    ],
  ])("refuses %j as a usage error (exit 2)", async (args, message) => {
    const result = await runFunnel([
      "--db",
      temp.path("funnel.db"),
      "import",
      fixture("deals.csv"),
      ...args,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`funnel: ${message}\n`);
  });

  it("imports quotas and reverts them", async () => {
    const db = await seeded();
    const result = await runFunnel([
      "--db",
      db,
      "import",
      fixture("quotas.csv"),
      "--type",
      "quotas",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("read 14 = inserted 14 + updated 0 + unchanged 0 + rejected 0");
    const reverted = await runFunnel(["--db", db, "import", "revert", "3"]);
    expect(reverted.stdout).toBe(
      "Reverted batch 3 (quotas.csv): 14 quota(s) removed, 0 restored to their previous targets\n",
    );
    expect(count(db, "SELECT count(*) FROM quotas")).toBe(0);
  });

  it("refuses an amount of 1, 100,000 spaces and 1 as promptly as it keeps a note as long", async () => {
    // It took 25.8 s (a currency-code pattern tried every run of spaces to its end) and was
    // stored as 11.00. Timed against the same work on a note of that length, not a clock.
    const db = temp.path("funnel.db");
    expect(
      (await runFunnel(["--db", db, "import", fixture("reps.csv"), "--type", "reps"])).code,
    ).toBe(0);
    const padded = `1${" ".repeat(100_000)}1`;
    // Named by --map, a Close Value that is no amount rejects its row (and this, the only one).
    const importDeal = async (id: string, amount: string, note: string) => {
      const file = temp.write(
        `${id}.csv`,
        `Opportunity ID,Sales Agent,Deal Stage,Close Value,Notes\n${id},ana-souza,prospecting,${amount},${note}\n`,
      );
      const result = await runFunnel([
        ...["--db", db, "import", file, "--type", "deals", "--json"],
        ...["--map", "Close Value=amount"],
      ]);
      expect(result.code).toBe(amount === padded ? 1 : 0);
      return JSON.parse(result.stdout) as {
        inserted: number;
        rejected: number;
        rejectReasons: { reason: string }[];
        elapsedMs: number;
      };
    };
    const noted = await importDeal("noted", "11", padded);
    const spaced = await importDeal("spaced", padded, "");
    expect(noted).toMatchObject({ inserted: 1, rejected: 0 });
    expect(spaced).toMatchObject({ inserted: 0, rejected: 1 });
    expect(spaced.rejectReasons[0]?.reason).toBe(`"${padded}" is not an amount in Close Value`);
    expect(count(db, "SELECT group_concat(external_id || '=' || amount) FROM deals")).toBe(
      "noted=1100",
    );
    expect(spaced.elapsedMs).toBeLessThan(25 * noted.elapsedMs);
  });
});

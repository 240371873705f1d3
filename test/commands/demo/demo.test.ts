import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../../src/cli/context.js";
import { runDemo } from "../../../src/commands/demo/demo.js";
import { UserError } from "../../../src/errors.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

// The demo is built through runDemo, and the reports on it are run through main, in-process.
const temp = useTempDir();

function contextFor(dbPath: string): { context: CommandContext; stdout: () => string } {
  let out = "";
  const stream = {
    write: (text: string) => {
      out += text;
      return true;
    },
  } as never;
  return {
    context: { stdout: stream, stderr: stream, env: {}, dbPath },
    stdout: () => out,
  };
}

describe("funnel demo", () => {
  it("builds a database whose reports have believable figures, then refuses to build again", async () => {
    const db = temp.path("demo.db");
    const first = contextFor(db);
    await runDemo({}, first.context);
    expect(first.stdout()).toMatch(/^Built the demo in .*demo\.db:\n {2}9 reps/);
    expect(first.stdout()).toContain("300 leads created June to November 2026");
    expect(first.stdout()).toContain("funnel report quota --period 2026-10");
    // The demo's config is in the database: nothing beside it, no scratch file left.
    expect(readdirSync(temp.path(".")).sort()).toEqual(["demo.db"]);

    const quota = await runMain(["--db", db, "report", "quota", "--period", "2026-10", "--json"]);
    expect(quota.code).toBe(0);
    const report = JSON.parse(quota.stdout);
    expect(report.total.quota).toBeGreaterThan(0);
    expect(report.total.achieved).toBeGreaterThan(0);
    expect(report.total.attainment_pct).toBeGreaterThan(20);
    expect(report.total.won).toBeGreaterThan(0);
    expect(report.total.lost).toBeGreaterThan(0);

    const pipeline = JSON.parse(
      (await runMain(["--db", db, "report", "pipeline", "--as-of", "2026-11-27", "--json"])).stdout,
    );
    expect(pipeline.total.deals).toBeGreaterThan(10);
    expect(pipeline.total.weighted_value).toBeGreaterThan(0);
    expect(pipeline.stale_deals.length).toBeGreaterThan(0);

    const mqls = JSON.parse(
      (
        await runMain([
          "--db",
          db,
          "report",
          "quota",
          "--period",
          "2026-10",
          "--metric",
          "mqls",
          "--json",
        ])
      ).stdout,
    );
    expect(mqls.rows.find((row: { name: string }) => row.name === "mia-rossi")).toMatchObject({
      quota: 30,
    });
    expect(mqls.total.achieved).toBeGreaterThan(10);

    const before = readFileSync(db);
    const second = contextFor(db);
    await expect(runDemo({}, second.context)).rejects.toThrow(UserError);
    await expect(runDemo({}, second.context)).rejects.toThrow(
      /already holds data \(300 lead\(s\), 9 rep\(s\), \d+ deal\(s\), \d+ quota\(s\)\)/,
    );
    expect(second.stdout()).toBe("");
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it("refuses a database with even one rep, and keeps the settings of an empty one", async () => {
    const busy = temp.path("busy.db");
    expect((await runMain(["--db", busy, "rep", "add", "ana", "--role", "ae"])).code).toBe(0);
    await expect(runDemo({}, contextFor(busy).context)).rejects.toThrow("1 rep(s)");
    // The refusal names a file that is free: demo.db is taken (by a file, or by its WAL alone).
    temp.write("demo.db", "");
    temp.write("demo-2.db-wal", "");
    const refused = await runMain(["--db", busy, "demo"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`; pass --db with a new file: funnel demo --db ${temp.path("demo-3.db")}\n$`),
    );

    const euro = temp.path("euro.db");
    expect((await runMain(["--db", euro, "config", "set", "currency", "EUR"])).code).toBe(0);
    await runDemo({}, contextFor(euro).context);
    const report = JSON.parse(
      (await runMain(["--db", euro, "report", "quota", "--period", "2026-Q3", "--json"])).stdout,
    );
    expect(report.currency).toBe("EUR");
    expect(report.total.achieved).toBeGreaterThan(0);
  });

  it("keeps its configuration in its own database: ./funnel.db beside it keeps its stale thresholds and has no score explanations", async () => {
    const here = { cwd: temp.path(".") };
    const mine = (...args: string[]) => runMain(args, here);
    const leads = temp.write("leads.csv", "email,title,source\nceo@x.example,CEO,web\n");
    expect((await mine("import", leads)).code).toBe(0);
    expect((await mine("rep", "add", "ana", "--role", "ae")).code).toBe(0);
    const add = ["deal", "add", "--owner", "ana", "--amount", "100", "--id", "D1"];
    expect((await mine(...add, "--stage", "proposal", "--at", "2026-10-01")).code).toBe(0);
    // 19 days idle at proposal: stale after the demo's 14, not after the default 30.
    const look = async () => ({
      pipeline: JSON.parse(
        (await mine("report", "pipeline", "--as-of", "2026-10-20", "--json")).stdout,
      ),
      lead: JSON.parse((await mine("lead", "show", "ceo@x.example", "--json")).stdout),
    });
    const before = await look();
    expect(before.pipeline.stale_deals).toEqual([]);
    expect(before.lead.score_explanation).toBeNull();

    const demo = await mine("--db", "demo.db", "demo");
    expect(demo.code).toBe(0);
    expect(existsSync(temp.path("funnel.config.json"))).toBe(false);
    expect(await look()).toEqual(before);
    // The demo's own reports use its configuration.
    const exported = JSON.parse((await mine("--db", "demo.db", "config", "export")).stdout);
    expect(exported.pipeline.staleDays).toEqual({ proposal: 14, negotiation: 10, default: 21 });
    expect(exported.scoring.threshold).toBe(50);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();
let db: string;
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);

async function ok(...args: string[]): Promise<string> {
  const result = await funnel(...args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

beforeEach(async () => {
  db = temp.path("funnel.db");
  temp.write(
    "funnel.config.json",
    JSON.stringify({
      pipeline: { stages: { discovery: 10, proposal: 50 }, staleDays: { proposal: 14 } },
    }),
  );
  // The new database takes the file in, once, and says so.
  const first = await funnel("rep", "add", "ana", "--role", "ae", "--team", "east");
  expect(first.stderr).toBe(
    `funnel: took ${temp.path("funnel.config.json")} into the database's configuration (pipeline); the database's copy is used from now on, and the file can be removed\n`,
  );
  await ok("rep", "add", "cy", "--role", "ae", "--team", "west");
  const deal = (...args: string[]) => ok("deal", "add", ...args);
  await deal("--owner", "ana", "--amount", "10000", "--id", "D1", "--at", "2026-10-01");
  await ok("deal", "stage", "D1", "proposal", "--at", "2026-10-10");
  await deal("--owner", "ana", "--amount", "2500", "--id", "D2", "--at", "2026-10-20");
  await deal(
    "--owner",
    "cy",
    "--amount",
    "4000",
    "--id",
    "D3",
    "--stage",
    "proposal",
    "--at",
    "2026-10-25",
  );
  await deal("--owner", "cy", "--amount", "900", "--id", "D4", "--at", "2026-09-01");
  await ok("deal", "won", "D4", "--at", "2026-10-01");
});

describe("funnel report pipeline", () => {
  it("prints open deals by stage with the stale ones under the table", async () => {
    const out = await ok("report", "pipeline", "--as-of", "2026-11-01");
    expect(out).toBe(
      [
        "Open pipeline as of 2026-11-01",
        "value and weighted in USD; weighted = value x stage probability; age = days since opened; stale = no stage change for longer than its stage's threshold (stale after d)",
        "",
        "stage      prob %  deals      value  weighted  avg age d  stale  stale after d",
        "discovery      10      1   2,500.00    250.00         12      0             30",
        // ages: D1 31 and D3 7 days; all three (31 + 12 + 7) / 3
        "proposal       50      2  14,000.00  7,000.00         19      1             14",
        "total                  3  16,500.00  7,250.00       16.7      1",
        "",
        "Stale deals (1), longest idle first:",
        "id  external id  name  account  owner  stage         value  last change  idle d  stale after d",
        " 1  D1                          ana    proposal  10,000.00  2026-10-10       22             14",
        "",
      ].join("\n"),
    );
  });

  it("groups by team in JSON, and --stale-days overrides the config", async () => {
    const report = JSON.parse(
      await ok(
        "report",
        "pipeline",
        "--by",
        "team",
        "--stale-days",
        "5",
        "--as-of",
        "2026-11-01",
        "--json",
      ),
    );
    expect(report.by).toBe("team");
    expect(report.stale_days_override).toBe(5);
    expect(
      report.group_totals.map((row: { group: string; deals: number }) => [row.group, row.deals]),
    ).toEqual([
      ["east", 2],
      ["west", 1],
    ]);
    expect(report.total).toMatchObject({ deals: 3, value: 16500, weighted_value: 7250, stale: 3 });
    expect(report.stale_deals.map((deal: { external_id: string }) => deal.external_id)).toEqual([
      "D1",
      "D2",
      "D3",
    ]);
  });

  it("refuses a bad --as-of and a bad config, with exit codes", async () => {
    const bad = await funnel("report", "pipeline", "--as-of", "someday");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of "someday" is not a date');
    temp.write("bad.json", JSON.stringify({ pipeline: { staleDays: { demo: 3 } } }));
    const config = await funnel("report", "pipeline", "--config", temp.path("bad.json"));
    expect(config.code).toBe(1);
    expect(config.stderr).toContain('pipeline.staleDays."demo" is not an open stage');
    expect(config.stdout).toBe("");
  });
});

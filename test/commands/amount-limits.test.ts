import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

// 2^53 - 1 cents, the largest amount there is: past it a number is no longer exact.
const largest = "90071992547409.91";
const largestGrouped = "90,071,992,547,409.91";
const tooLarge =
  "funnel: amounts add up to more than 2^53 minor units (90,071,992,547,409.91 USD or EUR), past which totals are not exact; report on fewer deals at once: a shorter period, or one team\n";

/** Runs funnel on one database, expecting success. */
function funnelOn(db: string) {
  return async (...args: string[]) => {
    const result = await runMain(["--db", db, ...args]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
}

/** Two reps: ana won 2^53 - 2 cents and holds 2^53 - 1 at proposal (50 %); ben won one cent. */
async function nearTheLimit(): Promise<string> {
  const db = temp.path("funnel.db");
  const funnel = funnelOn(db);
  await funnel("rep", "add", "ana", "--name", "Ana", "--role", "ae", "--team", "East");
  await funnel("rep", "add", "ben", "--name", "Ben", "--role", "ae", "--team", "East");
  await funnel(
    "deal",
    "add",
    "--owner",
    "ana",
    "--amount",
    "90,071,992,547,409.90",
    "--at",
    "2026-11-02",
  );
  await funnel("deal", "won", "1", "--at", "2026-11-10");
  await funnel("deal", "add", "--owner", "ben", "--amount", "0.01", "--at", "2026-11-02");
  await funnel("deal", "won", "2", "--at", "2026-11-11");
  await funnel(
    "deal",
    "add",
    "--owner",
    "ana",
    "--amount",
    largest,
    "--expected-close",
    "2026-11-28",
    "--at",
    "2026-11-03",
  );
  await funnel("deal", "stage", "3", "proposal", "--at", "2026-11-04");
  return db;
}

describe("amounts near 2^53 minor units", () => {
  it("are kept, listed and added to the cent in every format", async () => {
    const funnel = funnelOn(await nearTheLimit());
    const quota = ["report", "quota", "--period", "2026-11", "--as-of", "2026-11-16"];

    // JSON is compared as text: a JSON reader's double would lose the cent this is about.
    const json = await funnel(...quota, "--json");
    const total = json.slice(json.indexOf('"total"'));
    expect(total).toContain(`"achieved": ${largest},`);
    expect(total).toContain(`"pipeline": ${largest},`);
    expect(total).toContain('"weighted_pipeline": 45035996273704.96,');
    expect(total).toContain('"average_deal": 45035996273704.96,');
    expect(json).toContain('"achieved": 90071992547409.9,');

    const csv = await funnel(...quota, "--format", "csv");
    expect(csv.split("\n").find((line) => line.startsWith("total,"))).toContain(`,${largest},`);

    const table = await funnel(...quota);
    const totalLine = table.split("\n").find((line) => line.startsWith("total")) ?? "";
    expect(totalLine).toContain(largestGrouped);
    expect(totalLine).toContain("45,035,996,273,704.96");

    const pipeline = await funnel("report", "pipeline", "--as-of", "2026-11-16", "--json");
    const pipelineTotal = pipeline.slice(pipeline.indexOf('"total"'));
    expect(pipelineTotal).toContain(`"value": ${largest},`);
    expect(pipelineTotal).toContain('"weighted_value": 45035996273704.96,');

    const deals = await funnel("deals", "--json");
    expect(deals).toContain(`"amount": ${largest},`);
    expect(await funnel("deals", "--format", "csv")).toContain(`,${largest},`);
    expect(await funnel("deals")).toContain(largestGrouped);
    expect(await funnel("deal", "show", "3", "--json")).toContain(`"amount": ${largest},`);
  });

  it("refuses an amount past it, and a total past it, in one line", async () => {
    const db = await nearTheLimit();
    const funnel = funnelOn(db);
    const refused = await runMain([
      "--db",
      db,
      "deal",
      "add",
      "--owner",
      "ben",
      "--amount",
      "90071992547409.92",
    ]);
    expect(refused).toMatchObject({
      code: 1,
      stderr:
        'funnel: --amount: amount "90071992547409.92" is too large (at most 90,071,992,547,409.91 USD); write it like 12500, 12,500.00 or 12.5k (USD)\n',
    });
    await funnel("deal", "add", "--owner", "ben", "--amount", "0.01", "--at", "2026-11-02");
    await funnel("deal", "won", "4", "--at", "2026-11-12");
    const report = await runMain([
      "--db",
      db,
      "report",
      "quota",
      "--period",
      "2026-11",
      "--as-of",
      "2026-11-16",
    ]);
    expect(report).toMatchObject({ code: 1, stdout: "", stderr: tooLarge });
  });

  it("refuses a sum SQLite cannot hold (past 2^63) in one line, not as an internal error", async () => {
    const db = temp.path("funnel.db");
    const funnel = funnelOn(db);
    await funnel("rep", "add", "ana", "--name", "Ana", "--role", "ae");
    // 1,100 deals of 2^53 - 1 cents: 2^63 is 1,024 of them.
    const rows = Array.from(
      { length: 1_100 },
      (_, index) => `D${index},ana,Closed Won,${largest},2026-11-02,2026-11-10\n`,
    );
    const file = temp.write(
      "deals.csv",
      `Opportunity ID,Sales Agent,Deal Stage,Close Value,Created Date,Close Date\n${rows.join("")}`,
    );
    await funnel("import", file, "--type", "deals");
    const report = await runMain(["--db", db, "report", "quota", "--period", "2026-11"]);
    expect(report).toMatchObject({ code: 1, stdout: "", stderr: tooLarge });
  });
});

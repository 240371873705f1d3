import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { saveQuota } from "../../src/app/quotas.js";
import { UserError } from "../../src/errors.js";
import { importQuotas } from "../../src/import/import-quotas.js";
import { importReps } from "../../src/import/import-reps.js";
import { revertImport } from "../../src/import/revert-import.js";
import { listQuotas, type StoredQuota } from "../../src/store/quotas.js";
import { type Db, openDatabase } from "../../src/store/sqlite/database.js";
import { repoRoot } from "../helpers/run-funnel.js";
import { autocommitTx, storeOn } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);
let db: Db;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 10, 27, 9, 0, clock++));

beforeEach(async () => {
  db = openDatabase(temp.path("funnel.db"));
  await importReps(storeOn(db), { file: fixture("reps.csv"), now });
  return () => db.close();
});

async function importText(
  text: string,
  options: Partial<Parameters<typeof importQuotas>[1]> = {},
  name = "quotas.csv",
) {
  return importQuotas(storeOn(db), { file: temp.write(name, text), now, ...options });
}

/** Every quota as `owner period metric target`, in the store's order. */
const tx = () => autocommitTx(storeOn(db));

async function quotas(): Promise<string[]> {
  return (await listQuotas(tx(), {})).map(
    (quota: StoredQuota) =>
      `${quota.rep ?? `team:${quota.team}`} ${quota.period} ${quota.metric} ${quota.target}`,
  );
}

describe("importQuotas", () => {
  it("imports the fixture: months and quarters, for reps and teams", async () => {
    const summary = await importQuotas(storeOn(db), { file: fixture("quotas.csv"), now });
    expect(summary).toMatchObject({ rowsRead: 14, inserted: 14, rejected: 0, warnings: [] });
    expect(await quotas()).toContain("ana-souza 2026-Q4 revenue 4500000");
    expect(await quotas()).toContain("team:East 2026-Q4 revenue 6000000");
    expect(await quotas()).toContain("liam-smith 2026-11 sals 10");
  });

  it("reads other headers, a team column, and --metric for rows without one", async () => {
    const summary = await importText(
      "Rep,Team,Quarter,Goal,Notes\nwei-chen,,2026-Q4,12,x\n,East,2026-Q4,40,\n",
      { metric: "deals" },
    );
    expect(summary).toMatchObject({ inserted: 2 });
    // Quotas keep no attributes: the summary's columns say Notes is ignored.
    expect(summary.columns.map((column) => [column.header, column.field])).toEqual([
      ["Rep", "owner"],
      ["Team", "team"],
      ["Quarter", "period"],
      ["Goal", "target"],
      ["Notes", null],
    ]);
    expect(await quotas()).toEqual(["team:East 2026-Q4 deals 40", "wei-chen 2026-Q4 deals 12"]);
  });

  it("rejects each bad row with the reason quota set would give", async () => {
    const summary = await importText(
      "owner,period,metric,target\n" +
        "nobody,2026-10,revenue,100\n" +
        "ana-souza,2026-10-05,revenue,100\n" +
        "ana-souza,2026-10,deals,1.5\n" +
        "ana-souza,2026-10,calls,3\n" +
        "team:Nowhere,2026-10,revenue,100\n" +
        ",2026-10,revenue,100\n" +
        "ana-souza,2026-10,revenue,10k\n",
    );
    expect(summary).toMatchObject({ rowsRead: 7, inserted: 1, rejected: 6 });
    expect(summary.rejectReasons.map((reason) => [reason.firstLine, reason.reason])).toEqual([
      [2, 'there is no rep "nobody"'],
      [3, 'quota period "2026-10-05" is not a month, quarter or year'],
      [4, 'target "1.5" is not a whole number'],
      [5, 'unknown metric "calls" (known: revenue, deals, mqls, sals)'],
      [6, 'no rep is in team "Nowhere"'],
      [7, "no owner (a rep handle or team:NAME)"],
    ]);
    expect(await quotas()).toEqual(["ana-souza 2026-10 revenue 1000000"]);
  });

  it("fails the whole file when a column is missing", async () => {
    await expect(importText("owner,target\nana-souza,100\n")).rejects.toThrow(
      /no column holds the quota's period/,
    );
    await expect(importText("owner,target\nana-souza,100\n")).rejects.toThrow(UserError);
  });

  it("updates a quota set before, and a revert restores its target and removes the rest", async () => {
    await importText("owner,period,target\nana-souza,2026-10,100\nwei-chen,2026-10,50\n");
    const second = await importText(
      "owner,period,target\nana-souza,2026-10,150\nwei-chen,2026-10,50\nliam-smith,2026-10,20\n",
      {},
      "b.csv",
    );
    expect(second).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect(await quotas()).toEqual([
      "ana-souza 2026-10 revenue 15000",
      "liam-smith 2026-10 revenue 2000",
      "wei-chen 2026-10 revenue 5000",
    ]);
    const reverted = await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false, now });
    expect(reverted).toMatchObject({ kind: "quotas", quotasRemoved: 1, quotasRestored: 1 });
    expect(await quotas()).toEqual([
      "ana-souza 2026-10 revenue 10000",
      "wei-chen 2026-10 revenue 5000",
    ]);
  });

  it("refuses a revert while a later import or a quota set built on it", async () => {
    const first = await importText("owner,period,target\nana-souza,2026-10,100\n");
    const second = await importText("owner,period,target\nana-souza,2026-10,200\n", {}, "b.csv");
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /later imports changed its quotas: batch 3 \(1 quota\(s\)\)/,
    );
    await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false, now });
    const [quota] = await listQuotas(tx(), {});
    if (quota === undefined) throw new Error("no quota");
    await saveQuota(
      tx(),
      { ...quota, target: 300_00 },
      { batchId: null, at: "2026-11-28T00:00:00.000Z" },
    );
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /its quotas were set again since/,
    );
  });

  it("changes nothing when the same bytes are imported again", async () => {
    const text = "owner,period,target\nana-souza,2026-10,100\n";
    await importText(text);
    const [quota] = await listQuotas(tx(), {});
    if (quota === undefined) throw new Error("no quota");
    await saveQuota(
      tx(),
      { ...quota, target: 300_00 },
      { batchId: null, at: "2026-11-28T00:00:00.000Z" },
    );
    const again = await importText(text);
    expect(again).toMatchObject({ unchanged: 1, previousImports: [{ batchId: 2 }] });
    expect(await quotas()).toEqual(["ana-souza 2026-10 revenue 30000"]);
  });
});

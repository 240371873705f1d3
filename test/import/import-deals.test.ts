import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { defaultPipeline, type Pipeline, parsePipelineConfig } from "../../src/domain/pipeline.js";
import { InterruptedError, UserError } from "../../src/errors.js";
import { importDeals } from "../../src/import/import-deals.js";
import { importLeads } from "../../src/import/import-leads.js";
import { importReps } from "../../src/import/import-reps.js";
import { revertImport } from "../../src/import/revert-import.js";
import {
  countDeals,
  dealHistory,
  findDealByExternalId,
  insertDealEvent,
  type StoredDeal,
} from "../../src/store/deals.js";
import { findLead } from "../../src/store/leads.js";
import { findRepByHandle, listReps } from "../../src/store/reps.js";
import { type Db, openDatabase } from "../../src/store/sqlite/database.js";
import { stageHistory } from "../../src/store/stage-events.js";
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
  await importReps(storeOn(db), { file: fixture("reps.csv"), now, dryRun: false });
  await importLeads(storeOn(db), { file: fixture("leads.csv"), now });
  return () => db.close();
});

const header =
  "Opportunity ID,Sales Agent,Account,Deal Stage,Engage Date,Close Date,Close Value,Contact Email\n";

async function importText(
  text: string,
  options: Partial<Parameters<typeof importDeals>[1]> = {},
  name = "deals.csv",
) {
  return importDeals(storeOn(db), {
    file: temp.write(name, text),
    pipeline: defaultPipeline,
    now,
    ...options,
  });
}

const tx = () => autocommitTx(storeOn(db));

async function deal(externalId: string): Promise<StoredDeal> {
  const found = await findDealByExternalId(tx(), externalId);
  if (found === undefined) throw new Error(`no deal ${externalId}`);
  return found;
}

const leadStage = async (email: string) => (await findLead(tx(), email))?.stage;
const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;

describe("importDeals", () => {
  it("imports the fixture: every row, events for each deal, leads moved with their deals", async () => {
    const summary = await importDeals(storeOn(db), {
      file: fixture("deals.csv"),
      pipeline: defaultPipeline,
      now,
    });
    expect(summary).toMatchObject({
      rowsRead: 30,
      inserted: 30,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      unknownStages: [{ stage: "engaging", deals: 7 }],
      repsCreated: [],
      leadsMoved: 11,
    });
    expect(await countDeals(tx())).toBe(30);
    // 18 closed deals have an opened and a closing event, 12 open ones an opened event.
    expect(count("SELECT count(*) FROM deal_events")).toBe(18 * 2 + 12);
    expect(await deal("4ZK6A2TT")).toMatchObject({
      owner: "ana-souza",
      account: "Wayne Enterprises",
      stage: "won",
      amount: 2_676_800,
      attributes: { Product: "GTK 500" },
    });
    expect(
      (await dealHistory(tx(), (await deal("4ZK6A2TT")).id)).map((e) => [e.from_stage, e.to_stage]),
    ).toEqual([
      [null, "prospecting"],
      ["prospecting", "won"],
    ]);
    // A prospect without dates opened at the import.
    expect(await deal("G4H2J7KE")).toMatchObject({
      stage: "prospecting",
      amount: null,
      closed_at: null,
    });
    expect((await deal("G4H2J7KE")).opened_at.slice(0, 10)).toBe("2026-11-27");
    expect(await leadStage("mateo.haddad@hooli.example")).toBe("customer");
    expect(await leadStage("priya.johnson@pied.example")).toBe("opportunity");
    const mateo = await findLead(tx(), "mateo.haddad@hooli.example");
    const history = await stageHistory(tx(), mateo?.id ?? 0);
    expect(history.map((event) => [event.to_stage, event.actor])).toEqual([
      ["sql", "import"],
      ["opportunity", "import"],
      ["customer", "import"],
    ]);
  });

  it("matches owners by handle, name or email, whatever the case", async () => {
    const summary = await importText(
      `${header}A,ana-souza,X,Prospecting,,,,\nB,WEI CHEN,X,Prospecting,,,,\nC,Liam@Acme.example,X,Prospecting,,,,\n`,
    );
    expect(summary.inserted).toBe(3);
    const owners = [];
    for (const id of ["A", "B", "C"]) owners.push((await deal(id)).owner);
    expect(owners).toEqual(["ana-souza", "wei-chen", "liam-smith"]);
  });

  it("rejects each bad row with its line and reason, into the rejects file", async () => {
    const summary = await importText(
      `${header}` +
        "A,Jane Doe,X,Prospecting,,,,\n" +
        "B,Ana Souza,X,Won,2026-10-01,2026-11-01,,\n" +
        "C,Ana Souza,X,Won,2026-10-01,,100,\n" +
        "D,Ana Souza,X,Prospecting,,,,nobody@nowhere.example\n" +
        "E,Ana Souza,X,Lost,2026-10-01,2026-09-01,0,\n" +
        '"F","Ana Souza",X,Prospecting,,,"12,5,0",\n' +
        "G,Ana Souza,X,Engaging,2026-11-01,2026-12-20,900,grace.obrien@globex.example\n",
    );
    // F's amount cannot be read: Close Value was guessed, so F goes in without it (see below).
    expect(summary).toMatchObject({ rowsRead: 7, inserted: 2, rejected: 5 });
    expect(summary.rejectReasons.map((reason) => [reason.firstLine, reason.reason])).toEqual([
      [2, 'unknown owner "Jane Doe" (add the rep, or pass --create-reps)'],
      [3, "a won deal needs its amount (fill the amount column)"],
      [4, "a won deal needs its close date (fill Close Date)"],
      [
        5,
        'no lead "nobody@nowhere.example" (import the leads first, or leave the lead column blank)',
      ],
      [6, "closes (2026-09-01) before it was opened (2026-10-01)"],
    ]);
    expect(summary.unfit).toEqual([
      {
        header: "Close Value",
        field: "amount",
        count: 1,
        reason:
          '"12,5,0" is not an amount (digits are grouped in threes: 1,234,567.89) in Close Value',
        line: 7,
      },
    ]);
    expect(await deal("F")).toMatchObject({
      amount: null,
      attributes: { "Close Value": "12,5,0" },
    });
    const rejects = readFileSync(summary.rejectsFile ?? "", "utf8").split("\n");
    expect(rejects[0]).toBe(`${header.trim()},line,reason`);
    expect(rejects[1]).toBe(
      'A,Jane Doe,X,Prospecting,,,,,2,"unknown owner ""Jane Doe"" (add the rep, or pass --create-reps)"',
    );
    expect(await countDeals(tx())).toBe(2);
  });

  it("rejects a row whose value does not fit a column --map names", async () => {
    const summary = await importText(`${header}F,Ana Souza,X,Prospecting,,,"12,5,0",\n`, {
      map: ["Close Value=amount"],
    });
    expect(summary).toMatchObject({ rowsRead: 1, inserted: 0, rejected: 1, allRejected: true });
    expect(summary.rejectReasons[0]?.reason).toBe(
      '"12,5,0" is not an amount (digits are grouped in threes: 1,234,567.89) in Close Value',
    );
    expect(await countDeals(tx())).toBe(0);
  });

  it("creates unknown owners as reps with --create-reps, once each", async () => {
    const summary = await importText(
      `${header}A,Jane Doe,X,Prospecting,,,,\nB,jane doe,X,Prospecting,,,,\nC,Ana Souza,X,Prospecting,,,,\n`,
      { createReps: true },
    );
    expect(summary).toMatchObject({
      inserted: 3,
      repsCreated: [{ handle: "jane-doe", name: "Jane Doe" }],
    });
    expect(await findRepByHandle(tx(), "jane-doe")).toMatchObject({ role: "ae", active: true });
    expect((await deal("B")).owner).toBe("jane-doe");
  });

  it("removes the reps it created when reverted, unless they have been given work since", async () => {
    const first = await importText(`${header}A,Jane Doe,X,Prospecting,,,,\n`, { createReps: true });
    const second = await importText(`${header}B,Jane Doe,X,Prospecting,,,,\n`, {}, "more.csv");
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      "batch 3 cannot be reverted: a rep it created has been given work since (jane-doe has a deal)",
    );
    await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false });
    expect(await revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).toMatchObject({
      dealsRemoved: 1,
      repsRemoved: 1,
    });
    expect(await findRepByHandle(tx(), "jane-doe")).toBeUndefined();
  });

  it("refuses a name two reps share, asking for the handle", async () => {
    await importReps(storeOn(db), {
      file: temp.write("more.csv", "Handle,Name,Role\nana2,Ana Souza,ae\n"),
      now,
    });
    const summary = await importText(`${header}A,Ana Souza,X,Prospecting,,,,\n`);
    expect(summary.rejectReasons[0]?.reason).toBe(
      'owner "Ana Souza" could be any of ana2, ana-souza (write the handle)',
    );
  });

  it("fails the whole file when no column holds the stage or the owner, unless --stage/--owner fill them", async () => {
    const text = "Deal ID,Account,Amount\nA,X,100\n";
    await expect(importText(text)).rejects.toThrow(/no column holds the deal's stage or owner/);
    await expect(importText(text)).rejects.toMatchObject({
      hint: 'name it with --map "Header=stage", or pass --stage and --owner (columns: Deal ID, Account, Amount)',
    });
    const summary = await importText(text, { stage: "Qualification", owner: "wei-chen" });
    expect(summary.inserted).toBe(1);
    expect(await deal("A")).toMatchObject({
      stage: "qualification",
      owner: "wei-chen",
      amount: 10000,
    });
    await expect(importText(text, { stage: "proposal", owner: "nobody" })).rejects.toThrow(
      '--owner: unknown owner "nobody" (add the rep, or pass --create-reps)',
    );
  });

  it("reads other headers with --map, and a configured pipeline's stage names", async () => {
    const pipeline = parsePipelineConfig({
      pipeline: { stages: { discovery: 10, demo: 40 }, stageNames: { Engaging: "demo" } },
    }) as Pipeline;
    const summary = await importText(
      "Ref,Agent,Phase,Due\nA,Ana Souza,Engaging,2026-12-01\nB,Ana Souza,Discovery,\n",
      { map: ["Ref=external_id,Agent=owner,Phase=stage,Due=expected_close"], pipeline },
    );
    expect(summary).toMatchObject({ inserted: 2, unknownStages: [] });
    expect(await deal("A")).toMatchObject({ stage: "demo" });
    expect((await deal("A")).expected_close?.slice(0, 7)).toBe("2026-12");
  });

  it("updates deals by external id: moves, closes, never reopens (refuses the row), never clears", async () => {
    await importText(
      `${header}A,Ana Souza,Old Co,Prospecting,2026-10-01,2026-12-01,1000,priya.johnson@pied.example\n` +
        "B,Wei Chen,B Co,Won,2026-09-01,2026-10-01,500,\n",
    );
    const second = await importText(
      `${header}A,Ana Souza,,Won,,2026-11-20,,\nB,Wei Chen,B Co,Engaging,,,,\n`,
      {},
      "later.csv",
    );
    // B is won already: a row saying it is open again is refused, not silently ignored.
    expect(second).toMatchObject({ inserted: 0, updated: 1, rejected: 1, duplicates: 2 });
    expect(second.rejectReasons[0]?.reason).toBe(
      "the deal is won already and closed deals are final, but the row says engaging",
    );
    expect(await deal("A")).toMatchObject({ stage: "won", account: "Old Co", amount: 100000 });
    expect((await deal("A")).closed_at?.slice(0, 10)).toBe("2026-11-20");
    expect((await dealHistory(tx(), (await deal("A")).id)).map((e) => e.to_stage)).toEqual([
      "prospecting",
      "won",
    ]);
    expect(await leadStage("priya.johnson@pied.example")).toBe("customer");
    expect((await deal("B")).stage).toBe("won");
  });

  it("lets a later row of the same file update an earlier one", async () => {
    const summary = await importText(
      `${header}A,Ana Souza,X,Prospecting,,,,\nA,Ana Souza,Y,Proposal,,,,\n`,
    );
    expect(summary).toMatchObject({ inserted: 1, updated: 1, duplicates: 1 });
    expect(await deal("A")).toMatchObject({ account: "Y", stage: "proposal" });
    expect(count("SELECT count(*) FROM revisions")).toBe(0);
  });

  it("--on-duplicate skip leaves a known deal alone; error stops and writes nothing", async () => {
    await importText(`${header}A,Ana Souza,X,Prospecting,,,,\n`);
    const skip = await importText(
      `${header}A,Ana Souza,Y,Proposal,,,,\nB,Ana Souza,X,Proposal,,,,\n`,
      {
        onDuplicate: "skip",
      },
      "b.csv",
    );
    expect(skip).toMatchObject({ inserted: 1, unchanged: 1 });
    expect((await deal("A")).account).toBe("X");
    const batches = count("SELECT count(*) FROM import_batches");
    await expect(
      importText(
        `${header}C,Ana Souza,X,Proposal,,,,\nA,Ana Souza,Z,Proposal,,,,\n`,
        { onDuplicate: "error" },
        "c.csv",
      ),
    ).rejects.toThrow('line 3: duplicate of deal 1 (external id "A"); nothing was imported');
    expect(await findDealByExternalId(tx(), "C")).toBeUndefined();
    expect(count("SELECT count(*) FROM import_batches")).toBe(batches);
  });

  it("--dry-run reports the counts and writes nothing, not even a rejects file", async () => {
    const summary = await importText(
      `${header}A,Ana Souza,X,Prospecting,,,,\nB,Nobody,X,Prospecting,,,,\n`,
      {
        dryRun: true,
        createReps: false,
      },
    );
    expect(summary).toMatchObject({ dryRun: true, batchId: undefined, inserted: 1, rejected: 1 });
    expect(summary.rejectsFile).toBeUndefined();
    expect(existsSync(temp.path("deals.rejects.csv"))).toBe(false);
    expect(await countDeals(tx())).toBe(0);
  });

  it("changes nothing when the same bytes are imported again", async () => {
    const text = `${header}A,Ana Souza,X,Prospecting,,,,\n,Wei Chen,No Id,Prospecting,,,,\n`;
    await importText(text);
    const again = await importText(text);
    expect(again).toMatchObject({ inserted: 0, unchanged: 2, previousImports: [{ batchId: 3 }] });
    expect(await countDeals(tx())).toBe(2);
  });

  it("rolls everything back when aborted, leaving no rejects file", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      importText(`${header}A,Nobody,X,Prospecting,,,,\n`, { signal: controller.signal }),
    ).rejects.toThrow(InterruptedError);
    expect(await countDeals(tx())).toBe(0);
    expect(existsSync(temp.path("deals.rejects.csv"))).toBe(false);
  });

  it("refuses a broken CSV with a UserError, writing nothing", async () => {
    await expect(importText(`${header}A,"Ana Souza,X,Prospecting,,,,\n`)).rejects.toThrow(
      /never closed/,
    );
    expect(count("SELECT count(*) FROM import_batches WHERE kind = 'deals'")).toBe(0);
  });
});

describe("revertImport of a deals batch", () => {
  it("removes its deals and events, restores the deals and leads it changed", async () => {
    const first = await importText(
      `${header}A,Ana Souza,X,Prospecting,2026-10-01,,1000,\nB,Wei Chen,Y,Proposal,2026-10-01,,,\n`,
    );
    const before = await deal("A");
    const priya = await findLead(tx(), "priya.johnson@pied.example");
    const second = await importText(
      `${header}A,Ana Souza,Z,Won,,2026-11-20,,priya.johnson@pied.example\nC,Liam Smith,X,Lost,2026-10-01,2026-11-01,0,\n`,
      {},
      "b.csv",
    );
    expect(await leadStage("priya.johnson@pied.example")).toBe("customer");
    const summary = await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false, now });
    expect(summary).toMatchObject({
      kind: "deals",
      dealsRemoved: 1,
      dealsRestored: 1,
      dealEventsRemoved: 3,
      leadsRestored: 1,
      eventsRemoved: 2,
    });
    expect(await deal("A")).toEqual(before);
    expect(await findDealByExternalId(tx(), "C")).toBeUndefined();
    expect(await findLead(tx(), "priya.johnson@pied.example")).toEqual(priya);
    expect(await dealHistory(tx(), (await deal("A")).id)).toHaveLength(1);
    expect(
      await revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false, now }),
    ).toMatchObject({
      dealsRemoved: 2,
      dealEventsRemoved: 2,
    });
    expect(await countDeals(tx())).toBe(0);
  });

  it("refuses while a later import changed its deals, or its deals moved since", async () => {
    const first = await importText(`${header}A,Ana Souza,X,Prospecting,,,,\n`);
    const second = await importText(`${header}A,Ana Souza,X,Proposal,,,,\n`, {}, "b.csv");
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /later imports changed its deals: batch 4 \(1 deal\(s\)\)/,
    );
    await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false });
    await insertDealEvent(tx(), {
      deal_id: (await deal("A")).id,
      from_stage: "prospecting",
      to_stage: "proposal",
      at: "2026-11-27T10:00:00.000Z",
      actor: "ana-souza",
      amount: null,
      reason: null,
      batch_id: null,
    });
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /its deals changed since \(deal \d+ by ana-souza/,
    );
  });

  it("keeps a leads batch whose leads a deals batch moved, or that have deals since", async () => {
    await importText(`${header}A,Ana Souza,X,Prospecting,,,,priya.johnson@pied.example\n`);
    await expect(revertImport(storeOn(db), 2, { dryRun: false })).rejects.toThrow(UserError);
    await expect(revertImport(storeOn(db), 2, { dryRun: false })).rejects.toThrow(
      /later imports changed its leads: batch 3/,
    );
    // A customer already: the deal moves nothing, yet removing the lead would orphan the deal.
    const leads = await importLeads(storeOn(db), {
      file: temp.write("customers.csv", "Email,Lead Status\nkim@x.example,Customer\n"),
      now,
    });
    await importText(`${header}B,Ana Souza,X,Prospecting,,,,kim@x.example\n`, {}, "b.csv");
    expect(await leadStage("kim@x.example")).toBe("customer");
    await expect(revertImport(storeOn(db), leads.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /its leads have deals since \(lead \d+ has deal 2\)/,
    );
  });

  it("leaves reps batches alone", async () => {
    await expect(revertImport(storeOn(db), 1, { dryRun: false })).rejects.toThrow(
      /only lead, deal and quota imports can be reverted/,
    );
    expect(await listReps(tx())).toHaveLength(3);
  });
});

import { existsSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { InterruptedError, UserError } from "../../src/errors.js";
import { importLeads } from "../../src/import/import-leads.js";
import { revertImport } from "../../src/import/revert-import.js";
import { findLead } from "../../src/store/leads.js";
import { type Db, openDatabase } from "../../src/store/sqlite/database.js";
import { insertStageEvent, stageHistory } from "../../src/store/stage-events.js";
import { autocommitTx, storeOn } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
let db: Db;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 10, 27, 9, 0, clock++));

beforeEach(() => {
  db = openDatabase(temp.path("funnel.db"));
  return () => db.close();
});

async function importText(
  name: string,
  text: string,
  options: Partial<Parameters<typeof importLeads>[1]> = {},
) {
  return importLeads(storeOn(db), { file: temp.write(name, text), now, ...options });
}

const tx = () => autocommitTx(storeOn(db));

async function lead(reference: string) {
  const found = await findLead(tx(), reference);
  if (found === undefined) throw new Error(`no lead ${reference}`);
  return found;
}

describe("importLeads", () => {
  it("never moves a stage backwards and never clears a field with a blank cell", async () => {
    await importText("a.csv", "Email,Company,Title,Lead Status\nann@x.example,A Co,CTO,SQL\n");
    const summary = await importText(
      "b.csv",
      "Email,Company,Title,Lead Status\nann@x.example,,VP,Lead\n",
    );
    expect(summary).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await lead("ann@x.example")).toMatchObject({
      company: "A Co",
      title: "VP",
      stage: "sql",
    });
    expect(
      (await stageHistory(tx(), (await lead("ann@x.example")).id)).map((event) => event.to_stage),
    ).toEqual(["sql"]);
  });

  it("moves a stage forward with an event that keeps the file's wording", async () => {
    await importText("a.csv", "Email,Lead Status\nann@x.example,Open - Not Contacted\n");
    await importText("b.csv", "Email,Lead Status\nann@x.example,Closed - Not Converted\n");
    const history = await stageHistory(tx(), (await lead("ann@x.example")).id);
    expect(history.map((event) => [event.from_stage, event.to_stage, event.reason])).toEqual([
      [null, "lead", "Open - Not Contacted"],
      ["lead", "disqualified", "Closed - Not Converted"],
    ]);
  });

  it("matches by external id first, and gives an email-matched lead its external id", async () => {
    await importText("a.csv", "Email,Name\nann@x.example,Ann\n");
    const summary = await importText("b.csv", "Record ID,Email,Name\n00Q1,ann@x.example,Ann Lee\n");
    expect(summary).toMatchObject({ inserted: 0, updated: 1 });
    expect(await lead("00Q1")).toMatchObject({ email: "ann@x.example", name: "Ann Lee" });
    const renamed = await importText("c.csv", "Record ID,Email\n00Q1,ann.lee@x.example\n");
    expect(renamed).toMatchObject({ updated: 1 });
    expect((await lead("00Q1")).email).toBe("ann.lee@x.example");
  });

  it("rejects a row whose email belongs to a lead with another external id, into the rejects file", async () => {
    await importText("a.csv", "Id,Email,Name\n1,ann@x.example,Ann\n2,ben@x.example,Ben\n");
    const summary = await importText(
      "b.csv",
      "Id,Email,Name\n3,ann@x.example,Impostor\n2,ann@x.example,Ben\n",
    );
    expect(summary).toMatchObject({ inserted: 0, updated: 0, rejected: 2 });
    expect(summary.rejectReasons.map((reason) => reason.reason)).toEqual([
      'email "ann@x.example" belongs to another lead (external id "1")',
      'email "ann@x.example" belongs to another lead (id 1)',
    ]);
    expect(summary.rejectsFile).toBeDefined();
    expect((await lead("ann@x.example")).name).toBe("Ann");
  });

  // Shrunk by the import round-trip property: whether an apostrophe is an export's formula
  // escape must not depend on padding the import trims away, nor turn a valid email invalid.
  it("removes an export's formula apostrophe by the trimmed cell, and keeps an email's own", async () => {
    const summary = await importText(
      "a.csv",
      "Record ID,Email,Company,Title,Source\n" +
        "1,'@x.example, '=a,'=b ,\"'\r!\"\n" +
        "2,''@y.example,'=a,\" '=b\",\"''\r!\"\n",
    );
    expect(summary).toMatchObject({ inserted: 2, rejected: 0 });
    for (const [id, domain] of [
      ["1", "x"],
      ["2", "y"],
    ]) {
      expect(await lead(id ?? "")).toMatchObject({
        email: `'@${domain}.example`,
        company: "=a",
        title: "=b",
        source: "'\r!",
      });
    }
  });

  it("merges duplicate rows of one file in file order", async () => {
    const summary = await importText(
      "a.csv",
      "Email,Company,Lead Status,Colour\nann@x.example,A Co,Lead,red\nANN@x.example ,,MQL,\nann@x.example,A2 Co,,blue\n",
    );
    expect(summary).toMatchObject({ rowsRead: 3, inserted: 1, updated: 2, duplicates: 2 });
    expect(await lead("ann@x.example")).toMatchObject({
      company: "A2 Co",
      stage: "mql",
      attributes: { Colour: "blue" },
    });
  });

  it("reverts to exactly the previous values, bookkeeping included", async () => {
    await importText("a.csv", "Email,Company,Score,Colour\nann@x.example,A Co,10,red\n");
    const before = await lead("ann@x.example");
    const second = await importText(
      "b.csv",
      "Email,Company,Score,Size,Lead Status\nann@x.example,B Co,20,L,MQL\nnew@x.example,N,1,S,Lead\n",
    );
    expect(await lead("ann@x.example")).toMatchObject({ company: "B Co", score: 20, stage: "mql" });
    const reverted = await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false, now });
    expect(reverted).toMatchObject({ leadsRemoved: 1, leadsRestored: 1, eventsRemoved: 2 });
    expect(await lead("ann@x.example")).toEqual(before);
    expect(await findLead(tx(), "new@x.example")).toBeUndefined();
  });

  it("a dry-run revert changes nothing", async () => {
    const first = await importText("a.csv", "Email\nann@x.example\n");
    const summary = await revertImport(storeOn(db), first.batchId ?? 0, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, leadsRemoved: 1 });
    expect(await findLead(tx(), "ann@x.example")).toBeDefined();
  });

  it("refuses a revert when a lead changed stage outside imports since", async () => {
    const first = await importText("a.csv", "Email\nann@x.example\n");
    const id = (await lead("ann@x.example")).id;
    await insertStageEvent(tx(), {
      leadId: id,
      from: "lead",
      to: "mql",
      at: "2026-11-28T00:00:00.000Z",
      actor: "qualify:maria",
      reason: null,
    });
    await expect(revertImport(storeOn(db), first.batchId ?? 0, { dryRun: false })).rejects.toThrow(
      /its leads changed stage since \(lead 1 by qualify:maria/,
    );
  });

  it("reverts a batch that passed an email from one lead to another, or to a lead it added", async () => {
    await importText("a.csv", "Lead ID,Email\nX1,a@x.example\nX2,b@x.example\n");
    const second = await importText(
      "b.csv",
      "Lead ID,Email\nX1,c@x.example\nX2,a@x.example\nX3,b@x.example\n",
    );
    expect(second).toMatchObject({ inserted: 1, updated: 2 });
    // Giving X1 its email back before X2 gave it up, or before X3 went, failed on the index.
    expect(
      await revertImport(storeOn(db), second.batchId ?? 0, { dryRun: false, now }),
    ).toMatchObject({
      leadsRemoved: 1,
      leadsRestored: 2,
    });
    expect([
      (await lead("X1")).email,
      (await lead("X2")).email,
      await findLead(tx(), "X3"),
    ]).toEqual(["a@x.example", "b@x.example", undefined]);
  });

  it("refuses a revert that would take back an email another lead has taken since, changing nothing", async () => {
    await importText("a.csv", "Lead ID,Email\nX1,a@x.example\n");
    const changed = await importText("b.csv", "Lead ID,Email\nX1,c@x.example\n");
    await importText("c.csv", "Lead ID,Email\nX9,a@x.example\n");
    const before = db.prepare("SELECT * FROM leads ORDER BY id").all();
    await expect(
      revertImport(storeOn(db), changed.batchId ?? 0, { dryRun: false, now }),
    ).rejects.toThrow(
      new UserError(
        "batch 2 cannot be reverted: lead 1 would get back its email a@x.example, which lead 2 has now",
        "revert batch 3, which added lead 2, first (funnel import revert 3), or keep batch 2",
      ),
    );
    expect(db.prepare("SELECT * FROM leads ORDER BY id").all()).toEqual(before);
    expect(
      db.prepare("SELECT reverted_at FROM import_batches WHERE id = 2").pluck().get(),
    ).toBeNull();
    // Once the later batch is reverted, so can this one be.
    await revertImport(storeOn(db), 3, { dryRun: false, now });
    await revertImport(storeOn(db), changed.batchId ?? 0, { dryRun: false, now });
    expect((await lead("X1")).email).toBe("a@x.example");
  });

  it("refuses an unknown batch", async () => {
    await expect(revertImport(storeOn(db), 42, { dryRun: false })).rejects.toThrow(UserError);
  });

  it("rolls everything back when aborted, leaving no rejects file", async () => {
    const controller = new AbortController();
    controller.abort();
    const file = temp.write("a.csv", "Email\nann@x.example\nbad\n");
    await expect(importLeads(storeOn(db), { file, signal: controller.signal })).rejects.toThrow(
      InterruptedError,
    );
    expect(await findLead(tx(), "ann@x.example")).toBeUndefined();
    expect(db.prepare("SELECT count(*) FROM import_batches").pluck().get()).toBe(0);
    expect(existsSync(temp.path("a.rejects.csv"))).toBe(false);
    expect(existsSync(temp.path("a.rejects.csv.partial"))).toBe(false);
  });

  it("accounts for every row: read = inserted + updated + unchanged + rejected", async () => {
    const rows = ["Email,Lead Status"];
    for (let i = 0; i < 5000; i++)
      rows.push(`${i % 4000}@x.example,${i % 7 === 0 ? "Nope" : "Lead"}`);
    const summary = await importText("many.csv", `${rows.join("\n")}\n`);
    expect(summary.rowsRead).toBe(5000);
    expect(summary.inserted + summary.updated + summary.unchanged + summary.rejected).toBe(5000);
    const stored = db.prepare("SELECT count(*) FROM leads").pluck().get();
    expect(stored).toBe(summary.inserted);
  });
});

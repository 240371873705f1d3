import { beforeEach, describe, expect, it } from "vitest";
import { InterruptedError } from "../../src/errors.js";
import { importLeads } from "../../src/import/import-leads.js";
import { importQuotas } from "../../src/import/import-quotas.js";
import { importReps } from "../../src/import/import-reps.js";
import { revertImport } from "../../src/import/revert-import.js";
import { decidingRows } from "../../src/import/row-batches.js";
import { findLead } from "../../src/store/leads.js";
import { listReps } from "../../src/store/reps.js";
import { type Db, openDatabase } from "../../src/store/sqlite/database.js";
import { stageHistory } from "../../src/store/stage-events.js";
import { autocommitTx, leadStageMismatches, storeOn } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

// Issue 13 section 1, in-process: the parts of the one import pipeline a spawned run cannot
// reach as directly (an aborted signal, a file past the rows that decide the columns).

const temp = useTempDir();
let db: Db;
let clock = 0;
const now = () => new Date(Date.UTC(2026, 10, 27, 9, 0, clock++));

beforeEach(() => {
  db = openDatabase(temp.path("funnel.db"));
  return () => db.close();
});

const tx = () => autocommitTx(storeOn(db));
const count = (sql: string) => db.prepare(sql).pluck().get() as number;

describe("reps and quotas go through the same batch driver", () => {
  it("roll back when aborted (Ctrl-C), like leads and deals", async () => {
    const controller = new AbortController();
    controller.abort();
    const reps = temp.write("team.csv", "Name,Role\nAna Souza,ae\n");
    await expect(
      importReps(storeOn(db), { file: reps, now, signal: controller.signal }),
    ).rejects.toThrow(InterruptedError);
    const quotas = temp.write("quotas.csv", "owner,period,target\nana-souza,2026-10,1\n");
    await expect(
      importQuotas(storeOn(db), { file: quotas, now, signal: controller.signal }),
    ).rejects.toThrow(InterruptedError);
    expect(count("SELECT count(*) FROM reps") + count("SELECT count(*) FROM import_batches")).toBe(
      0,
    );
  });

  it("links the reps that name a manager the same file brings in after them", async () => {
    const file = temp.write(
      "team.csv",
      "Name,Role,Manager\nGus Lee,ae,Zed Boss\nHal Ito,ae,zed-boss\nZed Boss,manager,\n",
    );
    const summary = await importReps(storeOn(db), { file, now });
    // Hal wrote the handle the manager was to get: nothing to link.
    expect(summary.linked).toEqual([{ manager: "zed-boss", reps: ["gus-lee"] }]);
    expect((await listReps(tx())).map((rep) => [rep.handle, rep.manager])).toEqual([
      ["gus-lee", "zed-boss"],
      ["hal-ito", "zed-boss"],
      ["zed-boss", null],
    ]);
  });

  it("links them when the manager comes in a later import, as rep add does", async () => {
    const reps = temp.write("reps.csv", "sales_agent,manager\nGus Lee,Melvin Marxen\n");
    await importReps(storeOn(db), { file: reps, now });
    expect((await listReps(tx())).map((rep) => rep.manager)).toEqual(["Melvin Marxen"]);
    const managers = temp.write("managers.csv", "Name,Role\nMelvin Marxen,manager\n");
    const summary = await importReps(storeOn(db), { file: managers, now });
    expect(summary.linked).toEqual([{ manager: "melvin-marxen", reps: ["gus-lee"] }]);
    expect((await listReps(tx())).map((rep) => [rep.handle, rep.manager])).toEqual([
      ["gus-lee", "melvin-marxen"],
      ["melvin-marxen", null],
    ]);
  });
});

describe("a guessed column past the rows that decide it", () => {
  it("keeps a later value that does not fit as an attribute of its row, never rejecting it", async () => {
    const rows = Array.from({ length: decidingRows }, (_, i) => `l${i}@x.example,MQL`);
    const file = temp.write(
      "many.csv",
      `Email,Lead Status\n${rows.join("\n")}\nlate@x.example,Customer Advocate\n`,
    );
    const summary = await importLeads(storeOn(db), { file, now });
    expect(summary).toMatchObject({ inserted: decidingRows + 1, rejected: 0 });
    expect(summary.unfit).toEqual([
      {
        header: "Lead Status",
        field: "stage",
        count: 1,
        reason:
          'unknown stage "Customer Advocate" in Lead Status (known: lead, mql, sal, sql, opportunity, customer, disqualified, recycled)',
        line: decidingRows + 2,
      },
    ]);
    expect(await findLead(tx(), "late@x.example")).toMatchObject({
      stage: "lead",
      attributes: { "Lead Status": "Customer Advocate" },
    });
  });
});

describe("a lead's created date", () => {
  it("never moves later; an earlier one wins and takes the lead's first event along, until reverted", async () => {
    const first = temp.write("a.csv", "Email,Created\nann@x.example,2026-05-01\n");
    await importLeads(storeOn(db), { file: first, now });
    const later = temp.write("b.csv", "Email,Created\nann@x.example,2026-06-01\n");
    expect(await importLeads(storeOn(db), { file: later, now })).toMatchObject({ unchanged: 1 });
    expect((await findLead(tx(), "ann@x.example"))?.created_at).toBe("2026-05-01T00:00:00.000Z");

    const earlier = temp.write("c.csv", "Email,Created\nann@x.example,2026-04-01\n");
    const moved = await importLeads(storeOn(db), { file: earlier, now });
    expect(moved).toMatchObject({ updated: 1 });
    const id = (await findLead(tx(), "ann@x.example"))?.id as number;
    expect((await findLead(tx(), "ann@x.example"))?.created_at).toBe("2026-04-01T00:00:00.000Z");
    expect((await stageHistory(tx(), id)).map((event) => event.at)).toEqual([
      "2026-04-01T00:00:00.000Z",
    ]);
    expect(leadStageMismatches(db)).toEqual([]);

    await revertImport(storeOn(db), moved.batchId as number, { dryRun: false, now });
    expect((await findLead(tx(), "ann@x.example"))?.created_at).toBe("2026-05-01T00:00:00.000Z");
    expect((await stageHistory(tx(), id)).map((event) => event.at)).toEqual([
      "2026-05-01T00:00:00.000Z",
    ]);
    expect(leadStageMismatches(db)).toEqual([]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { acceptLead, rejectLead, touchLead } from "../../src/app/decisions.js";
import { handoffLeads } from "../../src/app/handoff.js";
import { qualifyLead } from "../../src/app/qualify.js";
import { addRep } from "../../src/app/reps.js";
import { parsePeriod } from "../../src/domain/periods.js";
import { importLeads } from "../../src/import/import-leads.js";
import { buildFunnelReport } from "../../src/reports/funnel-report.js";
import { forEachStageMove } from "../../src/store/funnel.js";
import { findLead } from "../../src/store/leads.js";
import { forEachSlaHandoff, type SlaHandoffRow } from "../../src/store/sla.js";
import type { Db } from "../../src/store/sqlite/database.js";
import { openStore, type Store, type WriteTx } from "../../src/store/store.js";
import { autocommitTx, connectionOf, insertStageEvents } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

/**
 * The cases the set-based SLA and activity queries must get right that the report tests do not
 * spell out: several touches per handoff (one before it), a re-handoff at the same instant,
 * events at the exact instant of the handoff, things after the as-of moment, and moves of one
 * lead at the same instant (their order is their id's, not the index's).
 */
const temp = useTempDir();
let db: Db;
let store: Store;
let tx: WriteTx;
const at = (text: string) => new Date(`${text}Z`);
const leadId = async (email: string) => {
  const lead = await findLead(tx, email);
  if (lead === undefined) throw new Error(`no lead ${email}`);
  return lead.id;
};

beforeEach(async () => {
  store = await openStore(temp.path("funnel.db"));
  db = connectionOf(store);
  tx = autocommitTx(store);
  const file = temp.write(
    "leads.csv",
    [
      "Email,Source,Created Date",
      "a@x.example,web,2026-10-01T08:00:00Z",
      "b@x.example,web,2026-10-01T08:00:00Z",
      "c@x.example,events,2026-10-01T08:00:00Z",
      "d@x.example,events,2026-10-01T08:00:00Z",
    ].join("\n"),
  );
  await importLeads(store, { file, now: () => at("2026-10-01T08:00:00") });
  await addRep(store, "ana", { role: "ae", team: "east" }, at("2026-09-01T00:00:00"));
  await addRep(store, "liam", { role: "ae", team: "east" }, at("2026-09-01T00:00:00"));
  return () => store.close();
});

const mql = async (lead: string, when: string) =>
  qualifyLead(store, lead, { as: "mql", actor: "mo", at: at(when) });
const handoff = async (lead: string, rep: string, when: string) =>
  handoffLeads(store, {
    strategy: "round-robin",
    leads: [lead],
    to: rep,
    dryRun: false,
    at: at(when),
    actor: "test",
  });
const touch = async (lead: string, when: string) =>
  touchLead(store, lead, { kind: "call", by: "ana", at: at(when) });

describe("slaHandoffs: what happened after each handoff, by the as-of moment", () => {
  it("takes the first touch at or after the handoff, the next handoff by (at, id), and the first decision", async () => {
    // a: touched before the handoff (not its touch), then at 10:30 and 11:00 (logged in that
    // order reversed); accepted at 12:00.
    await mql("a@x.example", "2026-10-02T09:00:00");
    await touch("a@x.example", "2026-10-02T09:30:00");
    await handoff("a@x.example", "ana", "2026-10-02T10:00:00");
    await touch("a@x.example", "2026-10-02T11:00:00");
    await touch("a@x.example", "2026-10-02T10:30:00");
    await acceptLead(store, "a@x.example", { at: at("2026-10-02T12:00:00") });
    // b: handed to ana and, at the same instant, to liam (the later id is the next handoff);
    // touched at that instant (counts for both), rejected at 13:00.
    await mql("b@x.example", "2026-10-02T09:00:00");
    await handoff("b@x.example", "ana", "2026-10-02T10:00:00");
    await handoff("b@x.example", "liam", "2026-10-02T10:00:00");
    await touch("b@x.example", "2026-10-02T10:00:00");
    await rejectLead(store, "b@x.example", { reason: "not now", at: at("2026-10-02T13:00:00") });
    // c: rejected at the very instant of its handoff: that event is both the last one at or
    // before the handoff (so the lead was no longer an mql) and the first one at or after it.
    await mql("c@x.example", "2026-10-02T09:00:00");
    await handoff("c@x.example", "liam", "2026-10-02T10:00:00");
    await rejectLead(store, "c@x.example", { reason: "duplicate", at: at("2026-10-02T10:00:00") });
    // d: touched and accepted only after the as-of moment: neither counts.
    await mql("d@x.example", "2026-10-02T09:00:00");
    await handoff("d@x.example", "liam", "2026-10-02T10:00:00");
    await touch("d@x.example", "2026-10-05T10:00:00");
    await acceptLead(store, "d@x.example", { at: at("2026-10-05T11:00:00") });

    const handoffs: SlaHandoffRow[] = [];
    await forEachSlaHandoff(
      tx,
      {
        from: "2026-10-01T00:00:00.000Z",
        to: "2026-11-01T00:00:00.000Z",
        asOf: "2026-10-04T00:00:00.000Z",
      },
      (row) => handoffs.push(row),
    );
    const rows = handoffs.map((row) => [
      row.rep_handle,
      row.at.slice(11, 16),
      row.next_handoff_at?.slice(11, 16) ?? null,
      row.first_touch_at?.slice(11, 16) ?? null,
      row.decided_at === null ? null : `${row.decided_at.slice(11, 16)} ${row.decision}`,
      row.stage_at_handoff,
    ]);
    // Ordered by rep, then handoff time, then id (a before b for ana; b, c, d for liam).
    expect(rows).toEqual([
      ["ana", "10:00", null, "10:30", "12:00 sal", "mql"],
      ["ana", "10:00", "10:00", "10:00", "13:00 recycled", "mql"],
      ["liam", "10:00", null, "10:00", "13:00 recycled", "mql"],
      ["liam", "10:00", null, null, "10:00 recycled", "recycled"],
      ["liam", "10:00", null, null, null, "mql"],
    ]);
  });
});

describe("activity funnel: each lead's moves in the order they happened", () => {
  const october = async () => {
    const period = parsePeriod("2026-10", at("2026-10-31T00:00:00"));
    if (period === undefined) throw new Error("no period");
    return await buildFunnelReport(tx, {
      period,
      asOf: at("2026-11-15T00:00:00"),
      mode: "activity",
      by: "source",
      fiscal: { fiscalYearStart: 1 },
    });
  };

  it("counts a lead once per stage; the days come from its first arrival there", async () => {
    // a: mql on the 3rd (2 days after it became a lead on the 1st), rejected on the 4th, mql
    // again on the 6th: one mql arrival, 2 days (not the 5 the second arrival would give).
    await mql("a@x.example", "2026-10-03T08:00:00");
    await handoff("a@x.example", "ana", "2026-10-03T09:00:00");
    await rejectLead(store, "a@x.example", { reason: "not now", at: at("2026-10-04T08:00:00") });
    await mql("a@x.example", "2026-10-06T08:00:00");
    // b: mql on the 2nd (1 day).
    await mql("b@x.example", "2026-10-02T08:00:00");
    const web = (await october()).groups.find((group) => group.name === "web");
    expect(web?.rows.map((row) => [row.stage, row.leads, row.medianDays])).toEqual([
      ["lead", 2, null],
      ["mql", 2, 1.5],
      ["sal", 0, null],
      ["sql", 0, null],
      ["opportunity", 0, null],
      ["customer", 0, null],
    ]);
  });

  it("moves at the same instant go in id order, whatever their stages", async () => {
    // c, both at noon on the 10th, in this order: recycled -> sal (passes mql on its way),
    // then recycled -> mql. The first move that reached mql passed through it: no days into
    // mql for c. In stage-name order (mql before sal) the second would come first and give
    // 9.17 days from the lead's creation. Days into sal: from its first mql event, the same
    // instant: 0.
    const c = await leadId("c@x.example");
    await insertStageEvents(tx, [
      [c, "lead", "recycled", "2026-10-05T12:00:00.000Z", "test", "not now", null],
      [c, "recycled", "sal", "2026-10-10T12:00:00.000Z", "test", null, null],
      [c, "recycled", "mql", "2026-10-10T12:00:00.000Z", "test", null, null],
    ]);
    const events = (await october()).groups.find((group) => group.name === "events");
    expect(events?.rows.map((row) => [row.stage, row.leads, row.medianDays])).toEqual([
      ["lead", 2, null],
      ["mql", 1, null],
      ["sal", 1, 0],
      ["sql", 0, null],
      ["opportunity", 0, null],
      ["customer", 0, null],
    ]);
  });

  it("hands over the same moves, in the same order, however many moves each query takes", async () => {
    await mql("a@x.example", "2026-10-03T08:00:00");
    await handoff("a@x.example", "ana", "2026-10-03T09:00:00");
    await acceptLead(store, "a@x.example", { at: at("2026-10-04T08:00:00") });
    await mql("c@x.example", "2026-10-02T08:00:00");
    await mql("d@x.example", "2026-10-05T08:00:00");
    const range = {
      field: "source" as const,
      from: "2026-10-01T00:00:00.000Z",
      to: "2026-11-01T00:00:00.000Z",
      withTime: true,
    };
    const moves = async (movesPerBatch?: number) => {
      const seen: unknown[][] = [];
      await forEachStageMove(tx, range, (...move) => seen.push(move), movesPerBatch);
      return seen;
    };
    const all = await moves();
    // 4 creations, 3 MQLs, a's acceptance; a's own moves in time order.
    expect(all).toHaveLength(8);
    const a = await leadId("a@x.example");
    expect(all.filter(([lead]) => lead === a)).toEqual([
      [await leadId("a@x.example"), -1, 0, "2026-10-01T08:00:00.000Z", "web", null],
      [await leadId("a@x.example"), 0, 1, "2026-10-03T08:00:00.000Z", "web", 172_800_000],
      [await leadId("a@x.example"), 1, 2, "2026-10-04T08:00:00.000Z", "web", 86_400_000],
    ]);
    // In time order: the four creations at one instant first, a batch edge between them.
    expect(all.map(([, , , when]) => when)).toEqual([...all.map(([, , , when]) => when)].sort());
    // Batches of 1, 2 and 3 moves: edges between moves at the same instant and at different ones.
    for (const size of [1, 2, 3]) expect(await moves(size)).toEqual(all);
  });

  it("gives each lead's field value back as it is stored: quotes, new lines, digits, emoji", async () => {
    const values = ['say "hi"\\ back\\slash', "two\nlines", "2026", "🚀 launch"];
    const update = db.prepare("UPDATE leads SET source = ? WHERE id = ?");
    for (const [index, name] of ["a", "b", "c", "d"].entries())
      update.run(values[index], await leadId(`${name}@x.example`));
    expect((await october()).groups.map((group) => group.name).sort()).toEqual([...values].sort());
  });

  it("shows no group whose leads only made moves that reached no new stage", async () => {
    // c (events) only goes lead -> disqualified -> lead in November: back at the top, where it
    // was, so no arrival; a (web) becomes an mql then.
    const c = await leadId("c@x.example");
    await insertStageEvents(tx, [
      [c, "lead", "disqualified", "2026-11-02T12:00:00.000Z", "test", "spam", null],
      [c, "disqualified", "lead", "2026-11-05T12:00:00.000Z", "test", null, null],
    ]);
    await mql("a@x.example", "2026-11-03T08:00:00");
    const period = parsePeriod("2026-11", at("2026-11-30T00:00:00"));
    if (period === undefined) throw new Error("no period");
    const report = await buildFunnelReport(tx, {
      period,
      asOf: at("2026-11-30T00:00:00"),
      mode: "activity",
      by: "source",
      fiscal: { fiscalYearStart: 1 },
    });
    expect(report.groups.map((group) => group.name)).toEqual(["web"]);
  });

  it("reads the moves of leads with negative and far-apart ids at one instant, in event order, across batch edges", async () => {
    const insertLead = db.prepare(
      `INSERT INTO leads (id, email, source, created_at, stage, attributes, updated_at)
       VALUES (?, ?, 'far', '2026-10-01T08:00:00.000Z', 'lead', '{}', '2026-10-01T08:00:00.000Z')`,
    );
    for (const id of [-5, 1_000_000_000_000]) insertLead.run(id, `lead${id}@x.example`);
    await insertStageEvents(tx, [
      [-5, null, "lead", "2026-10-01T08:00:00.000Z", "test", null, null],
      [1_000_000_000_000, null, "lead", "2026-10-01T08:00:00.000Z", "test", null, null],
    ]);
    const leads: number[] = [];
    await forEachStageMove(
      tx,
      {
        field: "source",
        from: "2026-10-01T00:00:00.000Z",
        to: "2026-11-01T00:00:00.000Z",
        withTime: false,
      },
      (lead) => leads.push(lead),
      2,
    );
    // The imported leads' creations first (their events came first), then -5's and the far one's.
    expect(leads).toEqual([1, 2, 3, 4, -5, 1_000_000_000_000]);
  });
});

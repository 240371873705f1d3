import { beforeEach, describe, expect, it } from "vitest";
import { openDeal, winDeal } from "../../src/app/deals.js";
import { acceptLead, rejectLead, touchLead } from "../../src/app/decisions.js";
import { handoffLeads } from "../../src/app/handoff.js";
import { qualifyLead } from "../../src/app/qualify.js";
import { addRep } from "../../src/app/reps.js";
import { parsePeriod } from "../../src/domain/periods.js";
import { defaultPipeline } from "../../src/domain/pipeline.js";
import { importLeads } from "../../src/import/import-leads.js";
import { buildFunnelReport, type FunnelMode } from "../../src/reports/funnel-report.js";
import { buildSourcesReport } from "../../src/reports/sources-report.js";
import { forEachMqlArrival } from "../../src/store/funnel.js";
import { mqlArrivalsBySource } from "../../src/store/sla.js";
import { stageArrivalsByActor } from "../../src/store/stage-events.js";
import { openStore, type Store, type WriteTx } from "../../src/store/store.js";
import { autocommitTx } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
let store: Store;
let tx: WriteTx;
const at = (text: string) => new Date(`${text}T12:00:00`);

/**
 * Five leads, created as plain leads (all at noon):
 *   a  2026-09-20  mql 10-01, handed off 10-02, accepted 10-03, sql 10-06
 *   b  2026-10-02  mql 10-04, handed off 10-04, touched 10-05 (24 h later), accepted 10-05;
 *                  a deal for 5,000 opened 10-06 (opportunity), won 10-20 (customer)
 *   c  2026-10-05  mql 10-08, handed off 10-08, rejected 10-09 (recycled)
 *   d  2026-10-10  stays a lead
 *   e  2026-11-03  mql 11-05
 */
beforeEach(async () => {
  store = await openStore(temp.path("funnel.db"));
  tx = autocommitTx(store);
  const file = temp.write(
    "leads.csv",
    [
      "Email,Source,Created Date",
      "a@x.example,web,2026-09-20 12:00",
      "b@x.example,web,2026-10-02 12:00",
      "c@x.example,events,2026-10-05 12:00",
      "d@x.example,events,2026-10-10 12:00",
      "e@x.example,web,2026-11-03 12:00",
    ].join("\n"),
  );
  await importLeads(store, { file, now: () => at("2026-11-20") });
  await addRep(store, "ana", { role: "ae", team: "east" }, at("2026-09-01"));
  const mql = async (lead: string, day: string) =>
    qualifyLead(store, lead, { as: "mql", actor: "mo", at: at(day) });
  const handoff = async (lead: string, day: string) =>
    handoffLeads(store, {
      strategy: "round-robin",
      leads: [lead],
      to: "ana",
      dryRun: false,
      at: at(day),
      actor: "test",
    });
  await mql("a@x.example", "2026-10-01");
  await handoff("a@x.example", "2026-10-02");
  await acceptLead(store, "a@x.example", { at: at("2026-10-03") });
  await qualifyLead(store, "a@x.example", { as: "sql", actor: "ana", at: at("2026-10-06") });
  await mql("b@x.example", "2026-10-04");
  await handoff("b@x.example", "2026-10-04");
  await touchLead(store, "b@x.example", { kind: "call", at: at("2026-10-05") });
  await acceptLead(store, "b@x.example", { at: at("2026-10-05") });
  const deal = await openDeal(
    store,
    { lead: "b@x.example", owner: "ana", amount: "5k", at: at("2026-10-06") },
    defaultPipeline,
  );
  await winDeal(store, String(deal.deal.id), { at: at("2026-10-20") });
  await mql("c@x.example", "2026-10-08");
  await handoff("c@x.example", "2026-10-08");
  await rejectLead(store, "c@x.example", { reason: "student", at: at("2026-10-09") });
  await mql("e@x.example", "2026-11-05");
  return () => store.close();
});

const q4 = async () => {
  const period = parsePeriod("2026-Q4", new Date(2026, 11, 31));
  if (period === undefined) throw new Error("no period");
  return period;
};

async function report(mode: FunnelMode, asOf: string, by?: "source" | "team" | "month") {
  const period = await q4();
  return await buildFunnelReport(tx, {
    period,
    asOf: at(asOf),
    mode,
    by,
    fiscal: { fiscalYearStart: 1 },
  });
}

const figures = (rows: readonly { leads: number; medianDays: number | null }[]) =>
  rows.map((row) => [row.leads, row.medianDays]);

describe("the funnel report on hand-computed data", () => {
  it("cohort: the leads created in Q4 (b, c, d, e) and how far they got", async () => {
    // mql: b, c, e (c's later rejection does not undo it); sal: b, and b went on through sql
    // (its deal jumped it) to opportunity and customer. Days lead→mql: b 2, c 3, e 2 → median 2;
    // mql→sal: b 1; opportunity→customer: b 14; b jumped over sql, so no days into or out of it.
    expect(figures((await report("cohort", "2026-12-31")).total)).toEqual([
      [4, null],
      [3, 2],
      [1, 1],
      [1, null],
      [1, null],
      [1, 14],
    ]);
  });

  it("activity: the moves that happened in Q4, whoever made them, however old the lead", async () => {
    // New leads in Q4: b, c, d, e. mql: a (10-01), b, c, e; days a 11, b 2, c 3, e 2 → 2.5.
    // sal: a (2 days after its mql), b (1) → 1.5. sql: a (3 days after sal) and b (jumped
    // there by its deal: no days). opportunity and customer: b, the latter 14 days on.
    expect(figures((await report("activity", "2026-12-31")).total)).toEqual([
      [4, null],
      [4, 2.5],
      [2, 1.5],
      [2, 3],
      [1, null],
      [1, 14],
    ]);
  });

  it("--as-of: the same report as the database stood on a past day, again and again", async () => {
    // On 31 October e did not exist yet: b, c, d; mql b and c; sal b.
    const october = await report("cohort", "2026-10-31");
    expect(october.total.map((row) => row.leads)).toEqual([3, 2, 1, 1, 1, 1]);
    // Later changes do not move it: e goes on to be handed off and accepted.
    await handoffLeads(store, {
      strategy: "round-robin",
      leads: ["e@x.example"],
      to: "ana",
      dryRun: false,
      at: at("2026-11-06"),
      actor: "test",
    });
    await acceptLead(store, "e@x.example", { at: at("2026-11-07") });
    expect(await report("cohort", "2026-10-31")).toEqual(october);
    expect((await report("cohort", "2026-12-31")).total.map((row) => row.leads)).toEqual([
      4, 3, 2, 1, 1, 1,
    ]);
  });

  it("groups by source, team and month", async () => {
    const sources = (await report("cohort", "2026-12-31", "source")).groups;
    expect(sources.map((group) => [group.name, group.rows.map((row) => row.leads)])).toEqual([
      ["events", [2, 1, 0, 0, 0, 0]],
      ["web", [2, 2, 1, 1, 1, 1]],
    ]);
    // c was rejected: no longer anyone's; d and e were never handed off.
    const teams = (await report("cohort", "2026-12-31", "team")).groups;
    expect(teams.map((group) => [group.name, group.rows[0]?.leads])).toEqual([
      ["(unassigned)", 3],
      ["east", 1],
    ]);
    const months = (await report("activity", "2026-12-31", "month")).groups;
    expect(months.map((group) => [group.name, group.rows.map((row) => row.leads)])).toEqual([
      ["2026-10", [3, 3, 2, 2, 1, 1]],
      ["2026-11", [1, 1, 0, 0, 0, 0]],
    ]);
  });
});

describe("the sources report on the same data", () => {
  it("follows Q4's leads per source to handoff, acceptance, rejection and won revenue", async () => {
    const sources = await buildSourcesReport(tx, { period: await q4(), asOf: at("2026-12-31") });
    // events: c (rejected as a student, never touched) and d; web: b (touched 24 h after its
    // handoff, won 5,000) and e (an MQL not yet handed off). a was created in September.
    expect(sources.rows).toEqual([
      {
        source: "events",
        leads: 2,
        mqls: 1,
        handedOff: 1,
        accepted: 0,
        rejected: 1,
        topReasons: [{ reason: "student", leads: 1 }],
        wonDeals: 0,
        wonRevenue: 0,
        mqlToWonPct: 0,
        speedToLeadHours: null,
      },
      {
        source: "web",
        leads: 2,
        mqls: 2,
        handedOff: 1,
        accepted: 1,
        rejected: 0,
        topReasons: [],
        wonDeals: 1,
        wonRevenue: 500_000,
        mqlToWonPct: 50,
        speedToLeadHours: 24,
      },
    ]);
    expect(sources.total).toMatchObject({
      leads: 4,
      mqls: 3,
      handedOff: 2,
      wonRevenue: 500_000,
      speedToLeadHours: 24,
    });
    expect(sources.total.mqlToWonPct).toBeCloseTo(100 / 3, 10);
  });

  it("as of a day before the win, nothing was won yet", async () => {
    const before = await buildSourcesReport(tx, { period: await q4(), asOf: at("2026-10-19") });
    expect(before.total).toMatchObject({ leads: 3, wonDeals: 0, wonRevenue: 0, mqlToWonPct: 0 });
  });
});

describe("one definition of becoming an MQL, for every report", () => {
  it("counts a lead imported straight at sql, and a re-qualified one, wherever MQLs are counted", async () => {
    const file = temp.write(
      "more.csv",
      ["Email,Source,Lead Status,Created Date", "f@x.example,partners,SQL,2026-10-15 12:00"].join(
        "\n",
      ),
    );
    await importLeads(store, { file, now: () => at("2026-11-20") });
    // c, recycled on 10-09, is qualified again on 11-10.
    await qualifyLead(store, "c@x.example", { as: "mql", actor: "mo", at: at("2026-11-10") });
    const range = { from: at("2026-10-01").toISOString(), to: at("2026-12-31").toISOString() };
    // From noon on 10-01: a (its mql at that moment), b, c (twice: counted once per lead), e, f.
    const expected = ["a", "b", "c", "e", "f"].length;
    const byActor = await stageArrivalsByActor(tx, "mql", range.from, range.to);
    expect(byActor.find((row) => row.actor === null)?.leads).toBe(expected);
    const bySource = await mqlArrivalsBySource(tx, { ...range, asOf: range.to });
    expect(bySource.reduce((sum, row) => sum + row.leads, 0)).toBe(expected);
    const moves: { source: string | null }[] = [];
    await forEachMqlArrival(tx, range.from, range.to, (source) => moves.push({ source }));
    expect(moves.map((move) => move.source).sort()).toEqual([
      "events",
      "events",
      "partners",
      "web",
      "web",
      "web",
    ]);
  });
});

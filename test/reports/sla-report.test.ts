import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptLead, rejectLead, touchLead } from "../../src/app/decisions.js";
import { handoffLeads } from "../../src/app/handoff.js";
import { qualifyLead } from "../../src/app/qualify.js";
import { parsePeriod } from "../../src/domain/periods.js";
import { applySlaOptions, emptySla, slaToJson } from "../../src/domain/sla.js";
import { importLeads } from "../../src/import/import-leads.js";
import { importReps } from "../../src/import/import-reps.js";
import { renderSlaReport } from "../../src/render/sla-report.js";
import { buildSlaReport, requireSla } from "../../src/reports/sla-report.js";
import { setSlaSetting } from "../../src/store/settings.js";
import { openStore, type Store, type WriteTx } from "../../src/store/store.js";
import { repoRoot } from "../helpers/run-funnel.js";
import { autocommitTx } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

// Lisbon: in November its local time is UTC, so the instants below read as wall-clock times.
let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = "Europe/Lisbon";
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const temp = useTempDir();
let store: Store;
let tx: WriteTx;
const at = (text: string) => new Date(`${text}Z`);

const leadsCsv = [
  "Email,Lead Source,Lead Status,Created Date",
  "a@x.example,web,MQL,2026-11-02 09:00", // L1: MQL, rejected, MQL again on the 5th: counted once
  "b@x.example,web,MQL,2026-11-03 09:00", // L2
  "c@x.example,events,MQL,2026-11-04 09:00", // L3
  "d@x.example,email,MQL,2026-11-05 09:00", // L4
  "e@x.example,web,MQL,2026-10-30 09:00", // L5: an October MQL
  "f@x.example,,MQL,2026-11-21 09:00", // L6: no source; after the as-of day of the 20th
  "g@x.example,web,Lead,2026-11-01 09:00", // L7: never an MQL
  "h@x.example,events,MQL,2026-12-01 09:00", // L8: a December MQL
].join("\n");

async function handoff(lead: string, rep: string, when: string) {
  await handoffLeads(store, {
    strategy: "round-robin",
    leads: [lead],
    to: rep,
    dryRun: false,
    at: at(when),
    actor: "test",
  });
}
const touch = async (lead: string, when: string) =>
  touchLead(store, lead, { kind: "call", at: at(when) });

beforeEach(async () => {
  store = await openStore(temp.path("funnel.db"));
  tx = autocommitTx(store);
  const now = () => at("2026-11-01T08:00:00");
  await importReps(store, { file: join(repoRoot, "fixtures", "reps.csv"), now });
  await importLeads(store, { file: temp.write("leads.csv", leadsCsv), now });
  await setSlaSetting(
    tx,
    JSON.stringify(
      slaToJson(
        applySlaOptions(emptySla, {
          mqlTarget: "8",
          sourceTarget: ["web=3", "events=1"],
          followUpHours: "4",
          decisionDays: "2",
        }),
      ),
    ),
  );
  // H1: a -> ana; touched after 60 min; rejected after 24 h (both in time).
  await handoff("a@x.example", "ana-souza", "2026-11-02T10:00:00");
  await touch("a@x.example", "2026-11-02T11:00:00");
  await rejectLead(store, "a@x.example", { reason: "not now", at: at("2026-11-03T10:00:00") });
  // H2: b -> ana; touched after 6 h (late); accepted after 72 h (late).
  await handoff("b@x.example", "ana-souza", "2026-11-03T10:00:00");
  await touch("b@x.example", "2026-11-03T16:00:00");
  await acceptLead(store, "b@x.example", { at: at("2026-11-06T10:00:00") });
  // H3: c -> liam; touched after 2 h; never decided.
  await handoff("c@x.example", "liam-smith", "2026-11-04T10:00:00");
  await touch("c@x.example", "2026-11-04T12:00:00");
  // a is an MQL again (a second mql event in November).
  await qualifyLead(store, "a@x.example", {
    as: "mql",
    actor: "marketing",
    at: at("2026-11-05T09:00:00"),
  });
  // H4: d -> liam, reassigned untouched 2 h later (before its 14:00 deadline) as H5: d -> wei;
  // touched after 60 min, accepted after 24 h.
  await handoff("d@x.example", "liam-smith", "2026-11-05T10:00:00");
  await handoff("d@x.example", "wei-chen", "2026-11-05T12:00:00");
  await touch("d@x.example", "2026-11-05T13:00:00");
  await acceptLead(store, "d@x.example", { at: at("2026-11-06T12:00:00") });
  // H7: a (again) -> ana at 21:00 on the 19th; touched at 00:30 on the 20th (210 min, in time).
  await handoff("a@x.example", "ana-souza", "2026-11-19T21:00:00");
  await touch("a@x.example", "2026-11-20T00:30:00");
  // H6: f -> wei on the 21st; never touched or decided.
  await handoff("f@x.example", "wei-chen", "2026-11-21T10:00:00");
  return () => store.close();
});

const november = async (asOf: Date) => {
  const period = parsePeriod("2026-11", asOf);
  if (period === undefined) throw new Error("no period");
  return await buildSlaReport(tx, { period, asOf, sla: await requireSla(tx) });
};

describe("the SLA report, November closed (as of 5 December)", () => {
  it("marketing: MQLs per source, each lead once, against monthly targets", async () => {
    const report = await november(at("2026-12-05T00:00:00"));
    expect(report.status).toBe("closed");
    expect(report.months).toBe(1);
    // web: a and b (a's second MQL is the same lead; e was October's); events: c (h is December's);
    // email: d; (none): f. Total 5 of 8: 62.5 %, 3 short. web 2 of 3 (1 short), events 1 of 1.
    expect(
      report.marketing.sources.map((line) => [
        line.source,
        line.target,
        line.delivered,
        line.short,
      ]),
    ).toEqual([
      ["web", 3, 2, 1],
      ["(none)", null, 1, null],
      ["email", null, 1, null],
      ["events", 1, 1, 0],
    ]);
    expect(report.marketing.total).toEqual({
      target: 8,
      delivered: 5,
      attainmentPct: 62.5,
      expected: null,
      short: 3,
    });
    expect(report.verdicts[0].line).toBe(
      "marketing: breached for 2026-11: 5 of 8 MQLs (62.5 %), 3 short; web 2 of 3 (1 short)",
    );
  });

  it("sales: per rep and in all, with speed-to-lead, decisions and waits", async () => {
    const report = await november(at("2026-12-05T00:00:00"));
    const byRep = Object.fromEntries(report.sales.reps.map((line) => [line.rep, line]));
    // ana: H1 (touch 60 met, reject 24 h met), H2 (360 late, accept 72 h late), H7 (210 met,
    // undecided: its window ended on the 21st 21:00; waiting since the 19th 21:00 = 15 d 3 h).
    // p90 of [60, 210, 360]: rank 1.8 -> 210 + 0.8 x 150 = 330.
    expect(byRep["ana-souza"]).toEqual({
      rep: "ana-souza",
      handoffs: 3,
      followUp: { met: 2, missed: 1, pending: 0 },
      decision: { met: 1, missed: 2, pending: 0 },
      reassigned: 0,
      touched: 3,
      speedP50: 210,
      speedP90: 330,
      waitingForTouch: 0,
      waitingForDecision: 1,
      longestWait: 21_780,
    });
    // liam: H3 (120 met, never decided: waiting since the 4th 10:00 = 30 d 14 h), H4 reassigned.
    expect(byRep["liam-smith"]).toEqual({
      rep: "liam-smith",
      handoffs: 2,
      followUp: { met: 1, missed: 0, pending: 0 },
      decision: { met: 0, missed: 1, pending: 0 },
      reassigned: 1,
      touched: 1,
      speedP50: 120,
      speedP90: 120,
      waitingForTouch: 0,
      waitingForDecision: 1,
      longestWait: 44_040,
    });
    // wei: H5 (60 met, accepted 24 h met), H6 (nothing: missed both; waiting 13 d 14 h).
    expect(byRep["wei-chen"]).toEqual({
      rep: "wei-chen",
      handoffs: 2,
      followUp: { met: 1, missed: 1, pending: 0 },
      decision: { met: 1, missed: 1, pending: 0 },
      reassigned: 0,
      touched: 1,
      speedP50: 60,
      speedP90: 60,
      waitingForTouch: 1,
      waitingForDecision: 1,
      longestWait: 19_560,
    });
    // All: speeds [60, 60, 120, 210, 360]: p50 120; p90 rank 3.6 -> 210 + 0.6 x 150 = 300.
    expect(report.sales.total).toMatchObject({
      handoffs: 7,
      followUp: { met: 4, missed: 2, pending: 0 },
      decision: { met: 2, missed: 4, pending: 0 },
      reassigned: 1,
      speedP50: 120,
      speedP90: 300,
      waitingForTouch: 1,
      waitingForDecision: 3,
      longestWait: 44_040,
    });
    // Follow-up 4 of 6 = 66.7 %: 90 % of 6 is 5.4, so 6 were needed: 2 short, 23.3 pts.
    // Decision 2 of 6 = 33.3 %: 4 short, 56.7 pts.
    expect(report.verdicts[1].line).toBe(
      "sales: breached for 2026-11: follow-up 66.7 % of 6 within 4 h (required 90 %): 23.3 pts short, 2 handoff(s); decision 33.3 % of 6 within 2 d (required 90 %): 56.7 pts short, 4 handoff(s)",
    );
  });
});

describe("--as-of reproducibility", () => {
  it("as of the 20th: only what happened by then counts; pending windows wait", async () => {
    const report = await november(at("2026-11-20T00:00:00"));
    expect(report.status).toBe("in progress");
    // 19 of 30 days elapsed; f's MQL (21st) not yet: 4 delivered, 8 x 19/30 = 5.07 expected, 2 behind.
    expect(report.marketing.total.delivered).toBe(4);
    expect(report.marketing.total.expected).toBeCloseTo((8 * 19) / 30, 9);
    expect(report.marketing.total.short).toBe(2);
    expect(report.verdicts[0].status).toBe("behind pace");
    // H6 (21st) is not there; H7's touch at 00:30 is after as-of and its window (to 01:00) is open.
    expect(report.sales.total).toMatchObject({
      handoffs: 6,
      followUp: { met: 3, missed: 1, pending: 1 },
      decision: { met: 2, missed: 2, pending: 1 },
      waitingForTouch: 1,
      waitingForDecision: 2,
      // H3 has waited since the 4th 10:00: 15 d 14 h.
      longestWait: 22_440,
    });
    expect(report.verdicts[1].line).toBe(
      "sales: breached for 2026-11: follow-up 75 % of 4 within 4 h (required 90 %): 15 pts short, 1 handoff(s), 1 pending; decision 50 % of 4 within 2 d (required 90 %): 40 pts short, 2 handoff(s), 1 pending",
    );
  });

  it("gives the same report for the same as-of day after more happens", async () => {
    const asOf = at("2026-11-20T00:00:00");
    const before = renderSlaReport(await november(asOf), "json", false);
    await touch("f@x.example", "2026-11-22T09:00:00");
    await acceptLead(store, "a@x.example", { at: at("2026-11-22T10:00:00") });
    await handoff("c@x.example", "wei-chen", "2026-11-23T10:00:00");
    expect(renderSlaReport(await november(asOf), "json", false)).toBe(before);
    // ... while the closed month sees them: f touched, late (its window ended on the 21st 14:00);
    // a accepted, late (H7's window ended on the 21st 21:00); c handed to wei (H8), untouched
    // and undecided since. H3's decision window had ended before H8, so it stays missed.
    const after = await november(at("2026-12-05T00:00:00"));
    expect(after.sales.total).toMatchObject({
      handoffs: 8,
      followUp: { met: 4, missed: 3, pending: 0 },
      decision: { met: 2, missed: 5, pending: 0 },
      waitingForTouch: 1,
      // H6 (f: touched, still undecided) and H8 (c); a is decided now and H3 is superseded.
      waitingForDecision: 2,
    });
  });
});

describe("business hours in the report", () => {
  it("counts working time for the windows and speed-to-lead", async () => {
    await setSlaSetting(
      tx,
      JSON.stringify(
        slaToJson(
          applySlaOptions(await requireSla(tx), { businessHours: true, followUpHours: "2" }),
        ),
      ),
    );
    const report = await november(at("2026-12-05T00:00:00"));
    const byRep = Object.fromEntries(report.sales.reps.map((line) => [line.rep, line]));
    // ana, mon-fri 09-17: H1 Mon 2nd 10:00 -> 11:00 = 60 (met); H2 Tue 3rd 10:00 -> 16:00 = 360
    // (late); H7 Thu 19th 21:00 -> Fri 20th 00:30 = 0 working minutes (met: before opening).
    expect(byRep["ana-souza"]).toMatchObject({
      followUp: { met: 2, missed: 1, pending: 0 },
      speedP50: 60,
      speedP90: 300,
    });
    // H7's decision: 2 working days from Thu 21:00 end Mon 23rd 17:00; undecided: missed.
    // H1 rejected after 24 h (Mon 10:00 -> Tue 10:00 = 480 working minutes, in time).
    expect(byRep["ana-souza"]?.decision).toEqual({ met: 1, missed: 2, pending: 0 });
  });
});

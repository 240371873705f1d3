import { beforeEach, describe, expect, it } from "vitest";
import { loseDeal, openDeal, winDeal } from "../../src/app/deals.js";
import { acceptLead, rejectLead } from "../../src/app/decisions.js";
import { handoffLeads } from "../../src/app/handoff.js";
import { qualifyLead } from "../../src/app/qualify.js";
import { addRep } from "../../src/app/reps.js";
import { scoreLeads } from "../../src/app/score-leads.js";
import { defaultPipeline } from "../../src/domain/pipeline.js";
import { importDeals } from "../../src/import/import-deals.js";
import { importLeads } from "../../src/import/import-leads.js";
import { revertImport } from "../../src/import/revert-import.js";
import { leadStageColumns } from "../../src/store/lead-stages-sql.js";
import type { Db } from "../../src/store/sqlite/database.js";
import { Database } from "../../src/store/sqlite/driver.js";
import { migrations, schemaVersion } from "../../src/store/sqlite/migrations.js";
import { openStore, type Store } from "../../src/store/store.js";
import { connectionOf, leadStageMismatches } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const at = (text: string) => new Date(`${text}T12:00:00Z`);
const iso = (text: string) => at(text).toISOString();

/** A lead's projected columns, by email, without the ones still null. */
function columnsOf(db: Db, email: string): Record<string, string> {
  const row = db
    .prepare(`SELECT ${leadStageColumns.join(", ")} FROM leads WHERE email = ?`)
    .get(email) as Record<string, string | null>;
  return Object.fromEntries(
    Object.entries(row).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

describe("the first-reached times on leads stay what the stage events say", () => {
  let db: Db;
  let store: Store;
  beforeEach(async () => {
    store = await openStore(temp.path("funnel.db"));
    db = connectionOf(store);
    return () => store.close();
  });

  it("through imports, lead actions, deals, handoffs, re-imports and reverts", async () => {
    const consistent = () => expect(leadStageMismatches(db)).toEqual([]);
    const leads = temp.write(
      "leads.csv",
      [
        "Email,Source,Lead Status,Created Date",
        "a@x.example,web,lead,2026-09-01 12:00",
        "b@x.example,web,MQL,2026-09-02 12:00",
        "c@x.example,events,SQL,2026-09-03 12:00",
        "d@x.example,events,Disqualified,2026-09-04 12:00",
        "e@x.example,seo,lead,2026-09-05 12:00",
      ].join("\n"),
    );
    await importLeads(store, { file: leads, now: () => at("2026-09-10") });
    consistent();
    // c came in at sql: it reached mql and sal at that moment, but arrived only at sql.
    expect(columnsOf(db, "c@x.example")).toEqual({
      lead_at: iso("2026-09-03"),
      mql_at: iso("2026-09-03"),
      sal_at: iso("2026-09-03"),
      sql_at: iso("2026-09-03"),
      sql_arrived_at: iso("2026-09-03"),
    });
    // d came in on an off-ramp: it never reached the funnel.
    expect(columnsOf(db, "d@x.example")).toEqual({});

    // A re-import moves a forward (lead → sal, jumping mql) and e on to mql; then it is reverted.
    const again = temp.write(
      "again.csv",
      ["Email,Lead Status", "a@x.example,SAL", "e@x.example,MQL"].join("\n"),
    );
    const second = await importLeads(store, { file: again, now: () => at("2026-09-12") });
    consistent();
    expect(columnsOf(db, "a@x.example")).toMatchObject({
      mql_at: iso("2026-09-12"),
      sal_at: iso("2026-09-12"),
      sal_arrived_at: iso("2026-09-12"),
    });
    await revertImport(store, second.batchId as number, { dryRun: false });
    consistent();
    expect(columnsOf(db, "a@x.example")).toEqual({
      lead_at: iso("2026-09-01"),
      lead_arrived_at: iso("2026-09-01"),
    });

    // Lead actions: qualify, handoff, accept, reject, re-qualify, score.
    await addRep(store, "ana", { role: "ae", team: "east" }, at("2026-09-01"));
    await qualifyLead(store, "a@x.example", { as: "mql", actor: "mo", at: at("2026-09-15") });
    await handoffLeads(store, {
      strategy: "round-robin",
      leads: ["a@x.example", "b@x.example"],
      to: "ana",
      dryRun: false,
      at: at("2026-09-16"),
      actor: "test",
    });
    await acceptLead(store, "a@x.example", { at: at("2026-09-17") });
    await rejectLead(store, "b@x.example", { reason: "no budget", at: at("2026-09-18") });
    await qualifyLead(store, "b@x.example", { as: "mql", actor: "mo", at: at("2026-10-01") });
    await qualifyLead(store, "a@x.example", { as: "sql", actor: "ana", at: at("2026-09-20") });
    await scoreLeads(
      store,
      { threshold: 0, source: {}, title: {}, country: {}, attributes: {} },
      { filter: { source: "seo" }, promote: true, dryRun: false, at: at("2026-09-21") },
    );
    consistent();
    // b was rejected once, and came back as an MQL: reached mql stays its first time.
    expect(columnsOf(db, "b@x.example")).toMatchObject({
      mql_at: iso("2026-09-02"),
      rejected_at: iso("2026-09-18"),
    });

    // Deals by hand: a opens one and wins it; c opens one and loses it.
    const won = await openDeal(
      store,
      { lead: "a@x.example", owner: "ana", amount: "5k", at: at("2026-09-25") },
      defaultPipeline,
    );
    await winDeal(store, String(won.deal.id), { at: at("2026-10-05") });
    const lost = await openDeal(
      store,
      { lead: "c@x.example", owner: "ana", amount: "1k", at: at("2026-09-26") },
      defaultPipeline,
    );
    await loseDeal(store, String(lost.deal.id), { reason: "price", at: at("2026-10-06") });
    consistent();
    expect(columnsOf(db, "a@x.example")).toMatchObject({
      opportunity_at: iso("2026-09-25"),
      customer_at: iso("2026-10-05"),
      customer_arrived_at: iso("2026-10-05"),
    });

    // A CRM's deals export won for e, dated before e's last event (the import moves the lead
    // at that event's time, not before), then reverted: e's times go back to what its
    // remaining events say.
    const deals = temp.write(
      "deals.csv",
      [
        "Opportunity ID,Sales Agent,Account,Deal Stage,Engage Date,Close Date,Close Value,Contact Email",
        "D-1,ana,Acme,Won,2026-08-01,2026-08-20,2000,e@x.example",
      ].join("\n"),
    );
    const before = columnsOf(db, "e@x.example");
    const dealBatch = await importDeals(store, {
      file: deals,
      pipeline: defaultPipeline,
      now: () => at("2026-10-10"),
    });
    consistent();
    expect(columnsOf(db, "e@x.example")).toMatchObject({
      mql_at: iso("2026-09-21"),
      opportunity_at: iso("2026-09-21"),
      customer_at: iso("2026-09-21"),
    });
    await revertImport(store, dealBatch.batchId as number, { dryRun: false });
    consistent();
    expect(columnsOf(db, "e@x.example")).toEqual(before);
  });

  it("the check finds a lead whose columns disagree with its events", async () => {
    const leads = temp.write(
      "leads.csv",
      ["Email,Created Date", "a@x.example,2026-09-01 12:00", "b@x.example,2026-09-02 12:00"].join(
        "\n",
      ),
    );
    await importLeads(store, { file: leads, now: () => at("2026-09-10") });
    db.prepare("UPDATE leads SET mql_at = ? WHERE email = 'b@x.example'").run(iso("2026-09-03"));
    const b = db.prepare("SELECT id FROM leads WHERE email = 'b@x.example'").pluck().get();
    expect(leadStageMismatches(db)).toEqual([b]);
  });
});

describe("migration 6 fills the columns of an existing database from its events", () => {
  it("backfills a version-5 database", async () => {
    const path = temp.path("v5.db");
    const old = new Database(path);
    for (const migration of migrations.filter((m) => m.version <= 5)) {
      old.exec(migration.sql);
      old.pragma(`user_version = ${migration.version}`);
    }
    const lead = old.prepare(
      "INSERT INTO leads (email, created_at, stage, updated_at) VALUES (?, ?, ?, ?)",
    );
    const event = old.prepare(
      "INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason) VALUES (?, ?, ?, ?, 'test', ?)",
    );
    // 1: lead → mql → recycled (rejected) → mql → sal.
    lead.run("one@x.example", iso("2026-09-01"), "sal", iso("2026-09-01"));
    event.run(1, null, "lead", iso("2026-09-01"), null);
    event.run(1, "lead", "mql", iso("2026-09-03"), null);
    event.run(1, "mql", "recycled", iso("2026-09-05"), "no budget");
    event.run(1, "recycled", "mql", iso("2026-09-20"), null);
    event.run(1, "mql", "sal", iso("2026-09-22"), null);
    // 2: imported at opportunity, won.
    lead.run("two@x.example", iso("2026-09-02"), "customer", iso("2026-09-02"));
    event.run(2, null, "opportunity", iso("2026-09-02"), null);
    event.run(2, "opportunity", "customer", iso("2026-09-30"), null);
    // 3: no events at all; 4: disqualified at once.
    lead.run("three@x.example", iso("2026-09-03"), "lead", iso("2026-09-03"));
    lead.run("four@x.example", iso("2026-09-04"), "disqualified", iso("2026-09-04"));
    event.run(4, null, "disqualified", iso("2026-09-04"), "spam");
    old.close();

    const store = await openStore(path);
    const db = connectionOf(store);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(schemaVersion);
      expect(columnsOf(db, "one@x.example")).toEqual({
        lead_at: iso("2026-09-01"),
        mql_at: iso("2026-09-03"),
        sal_at: iso("2026-09-22"),
        lead_arrived_at: iso("2026-09-01"),
        mql_arrived_at: iso("2026-09-03"),
        sal_arrived_at: iso("2026-09-22"),
        rejected_at: iso("2026-09-05"),
      });
      expect(columnsOf(db, "two@x.example")).toEqual({
        lead_at: iso("2026-09-02"),
        mql_at: iso("2026-09-02"),
        sal_at: iso("2026-09-02"),
        sql_at: iso("2026-09-02"),
        opportunity_at: iso("2026-09-02"),
        customer_at: iso("2026-09-30"),
        opportunity_arrived_at: iso("2026-09-02"),
        customer_arrived_at: iso("2026-09-30"),
      });
      expect(columnsOf(db, "three@x.example")).toEqual({});
      expect(columnsOf(db, "four@x.example")).toEqual({});
      expect(leadStageMismatches(db)).toEqual([]);
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads'")
        .pluck()
        .all();
      expect(indexes).toContain("leads_cohort");
      expect(indexes).not.toContain("leads_created");
    } finally {
      await store.close();
    }
  });
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../../src/store/sqlite/driver.js";
import { repoRoot } from "../../helpers/run-funnel.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

// Each CRM's leads and deals exports, shaped as the vendor writes them (fixtures/crm/), imported
// into a fresh database with the fixture team, and read back field by field (TZ=UTC).

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

/** A fresh database with the fixture team, then the leads file, then the deals file. */
async function imported(leads: string, deals: string): Promise<{ db: string; warnings: string }> {
  const db = temp.path("crm.db");
  const steps = [
    ["import", fixture("reps.csv"), "--type", "reps"],
    ["import", fixture(`crm/${leads}`)],
    ["import", fixture(`crm/${deals}`), "--type", "deals"],
  ];
  let warnings = "";
  for (const step of steps) {
    const result = await runMain(["--db", db, ...step]);
    expect(result.code, `${step.join(" ")}\n${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/ rejected 0\n/);
    warnings += result.stderr;
  }
  return { db, warnings };
}

function rows(db: string, sql: string): unknown[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle.prepare(sql).all();
  } finally {
    handle.close();
  }
}

const leadsOf = (db: string) =>
  rows(
    db,
    `SELECT external_id, email, name, company, source, owner, stage, created_at, attributes
       FROM leads ORDER BY id`,
  );

const dealsOf = (db: string) =>
  rows(
    db,
    `SELECT d.external_id, d.name, d.account, d.amount, d.stage, r.handle AS owner, d.kind,
            d.opened_at, d.expected_close, d.closed_at, d.lost_reason, l.email AS lead, d.attributes
       FROM deals d JOIN reps r ON r.id = d.owner_id LEFT JOIN leads l ON l.id = d.lead_id
      ORDER BY d.id`,
  );

const lead = (
  external_id: string | null,
  email: string,
  name: string,
  company: string,
  source: string | null,
  owner: string | null,
  stage: string,
  created_at: string,
  attributes: Record<string, string> = {},
) => ({
  external_id,
  email,
  name,
  company,
  source,
  owner,
  stage,
  created_at,
  attributes: JSON.stringify(attributes),
});

const deal = (
  values: {
    external_id: string | null;
    name: string;
    account: string;
    amount: number;
    stage: string;
    owner: string;
    opened_at: string;
    lead: string | null;
  } & Partial<{
    kind: string;
    expected_close: string;
    closed_at: string;
    lost_reason: string;
  }>,
  attributes: Record<string, string> = {},
) => ({
  kind: "new",
  expected_close: null,
  closed_at: null,
  lost_reason: null,
  ...values,
  attributes: JSON.stringify(attributes),
});

describe("the exports of the CRMs people use keep their meaning (end to end)", () => {
  it("Salesforce: a Leads report and an Opportunities report with Closed and Won beside the stage", async () => {
    const { db, warnings } = await imported("salesforce-leads.csv", "salesforce-opportunities.csv");
    expect(warnings).toBe("");
    const industry = (name: string) => ({ Industry: name });
    expect(leadsOf(db)).toEqual([
      // Lead Owner resolves to a rep as a deal's owner does: by name, email or handle.
      lead(
        "00Q5e00000Lw1AA",
        "hana.ito@globex.example",
        "Hana Ito",
        "Globex",
        "Web",
        "wei-chen",
        "opportunity",
        "2026-09-03T00:00:00.000Z",
        industry("Manufacturing"),
      ),
      lead(
        "00Q5e00000Lw1AB",
        "omar.farouk@initech.example",
        "Omar Farouk",
        "Initech",
        "Partner",
        "liam-smith",
        "opportunity",
        "2026-09-10T00:00:00.000Z",
        industry("Software"),
      ),
      // An owner who is not a rep stays as the file wrote it.
      lead(
        "00Q5e00000Lw1AC",
        "lena.berg@vandelay.example",
        "Lena Berg",
        "Vandelay Industries",
        "Trade Show",
        "Pat Doe",
        "disqualified",
        "2026-09-12T00:00:00.000Z",
        industry("Retail"),
      ),
      lead(
        "00Q5e00000Lw1AD",
        "ravi.nair@hooli.example",
        "Ravi Nair",
        "Hooli",
        "Web",
        "ana-souza",
        "customer",
        "2026-08-20T00:00:00.000Z",
        industry("Software"),
      ),
    ]);
    const contact = (name: string, probability: string, source: string) => ({
      "Probability (%)": probability,
      "Lead Source": source,
      "Contact Name": name,
    });
    expect(dealsOf(db)).toEqual([
      deal(
        {
          external_id: "0065e00000Op1AA",
          name: "Hooli - Platform",
          account: "Hooli",
          amount: 2_400_000,
          stage: "won",
          owner: "ana-souza",
          opened_at: "2026-08-25T00:00:00.000Z",
          closed_at: "2026-10-15T00:00:00.000Z",
          lead: "ravi.nair@hooli.example",
        },
        contact("Ravi Nair", "100", "Web"),
      ),
      deal(
        {
          external_id: "0065e00000Op1AB",
          name: "Globex - Pilot",
          account: "Globex",
          amount: 950_000,
          stage: "negotiation",
          owner: "wei-chen",
          opened_at: "2026-09-20T00:00:00.000Z",
          expected_close: "2026-12-18T00:00:00.000Z",
          lead: "hana.ito@globex.example",
        },
        contact("Hana Ito", "90", "Web"),
      ),
      deal(
        {
          external_id: "0065e00000Op1AC",
          name: "Initech - Add-on",
          account: "Initech",
          amount: 600_000,
          stage: "lost",
          owner: "liam-smith",
          kind: "expansion",
          opened_at: "2026-09-15T00:00:00.000Z",
          closed_at: "2026-10-30T00:00:00.000Z",
          lead: "omar.farouk@initech.example",
        },
        contact("Omar Farouk", "0", "Partner"),
      ),
    ]);
  });

  it("HubSpot: contacts with Lifecycle Stage and Lead Status, deals with Create Date and Associated Contact", async () => {
    const { db, warnings } = await imported("hubspot-contacts.csv", "hubspot-deals.csv");
    expect(warnings).toBe(
      'funnel: warning: column "Lead Status" also looks like stage; "Lifecycle Stage" is used, it is kept as an attribute\n',
    );
    const status = (text: string) => ({ "Lead Status": text });
    expect(leadsOf(db)).toEqual([
      lead(
        "5101",
        "maria.gonzalez@globex.example",
        "Maria Gonzalez",
        "Globex",
        "Organic Search",
        "wei-chen",
        "opportunity",
        "2026-09-01T10:12:00.000Z",
        status("Open Deal"),
      ),
      lead(
        "5102",
        "tom.becker@initech.example",
        "Tom Becker",
        "Initech",
        "Paid Search",
        "ana-souza",
        "opportunity",
        "2026-09-05T16:40:00.000Z",
        status("In Progress"),
      ),
      lead(
        "5103",
        "yuki.sato@umbrella.example",
        "Yuki Sato",
        "Umbrella",
        "Social Media",
        null,
        "mql",
        "2026-09-18T08:05:00.000Z",
        status("New"),
      ),
      lead(
        "5104",
        "ben.okafor@hooli.example",
        "Ben Okafor",
        "Hooli",
        "Direct Traffic",
        "liam-smith",
        "customer",
        "2026-08-11T12:00:00.000Z",
        status("Open Deal"),
      ),
    ]);
    const pipeline = { Pipeline: "Sales Pipeline" };
    expect(dealsOf(db)).toEqual([
      deal(
        {
          external_id: "9001",
          name: "Globex rollout",
          account: "Globex",
          amount: 1_800_000,
          stage: "negotiation",
          owner: "wei-chen",
          opened_at: "2026-10-01T09:30:00.000Z",
          expected_close: "2026-12-20T00:00:00.000Z",
          lead: "maria.gonzalez@globex.example",
        },
        pipeline,
      ),
      deal(
        {
          external_id: "9002",
          name: "Initech seats",
          account: "Initech",
          amount: 720_000,
          stage: "lost",
          owner: "ana-souza",
          opened_at: "2026-09-10T11:00:00.000Z",
          closed_at: "2026-10-28T00:00:00.000Z",
          lost_reason: "Budget cut",
          lead: "tom.becker@initech.example",
        },
        pipeline,
      ),
      deal(
        {
          external_id: "9003",
          name: "Hooli upgrade",
          account: "Hooli",
          amount: 3_100_000,
          stage: "won",
          owner: "liam-smith",
          kind: "expansion",
          opened_at: "2026-08-20T14:45:00.000Z",
          closed_at: "2026-10-09T00:00:00.000Z",
          lead: "ben.okafor@hooli.example",
        },
        pipeline,
      ),
    ]);
  });

  it("Pipedrive: persons, and deals whose Deal - Status closes them beside their stage", async () => {
    const { db, warnings } = await imported("pipedrive-persons.csv", "pipedrive-deals.csv");
    expect(warnings).toBe("");
    expect(leadsOf(db)).toEqual([
      lead(
        "301",
        "mateo.haddad@hooli.example",
        "Mateo Haddad",
        "Hooli",
        null,
        "ana-souza",
        "customer",
        "2026-07-30T09:00:00.000Z",
        { "Person - Label": "Hot lead" },
      ),
      lead(
        "302",
        "chloe.martin@stark.example",
        "Chloe Martin",
        "Stark Industries",
        null,
        "wei-chen",
        "opportunity",
        "2026-08-14T13:20:00.000Z",
        { "Person - Label": "Warm lead" },
      ),
      lead(
        "303",
        "sven.olsen@wayne.example",
        "Sven Olsen",
        "Wayne Enterprises",
        null,
        "liam-smith",
        "opportunity",
        "2026-09-02T17:45:00.000Z",
      ),
    ]);
    const kept = (person: string, stage?: string) => ({
      ...(stage === undefined ? {} : { "Deal - Stage": stage }),
      "Deal - Pipeline": "Pipeline",
      "Person - Name": person,
    });
    expect(dealsOf(db)).toEqual([
      // Won at "Negotiations Started": won, closed at its won time, in the quota reports.
      deal(
        {
          external_id: "71",
          name: "Hooli platform deal",
          account: "Hooli",
          amount: 4_800_000,
          stage: "won",
          owner: "ana-souza",
          opened_at: "2026-08-02T09:15:00.000Z",
          expected_close: "2026-09-30T00:00:00.000Z",
          closed_at: "2026-09-14T10:22:31.000Z",
          lead: "mateo.haddad@hooli.example",
        },
        kept("Mateo Haddad", "Negotiations Started"),
      ),
      deal(
        {
          external_id: "72",
          name: "Stark pilot",
          account: "Stark Industries",
          amount: 1_200_000,
          stage: "lost",
          owner: "wei-chen",
          opened_at: "2026-08-20T10:00:00.000Z",
          expected_close: "2026-10-31T00:00:00.000Z",
          closed_at: "2026-10-05T16:30:00.000Z",
          lost_reason: "Went with a competitor",
          lead: "chloe.martin@stark.example",
        },
        kept("Chloe Martin", "Proposal Made"),
      ),
      deal(
        {
          external_id: "73",
          name: "Wayne expansion",
          account: "Wayne Enterprises",
          amount: 2_650_000,
          stage: "proposal",
          owner: "liam-smith",
          opened_at: "2026-09-05T11:00:00.000Z",
          expected_close: "2026-12-15T00:00:00.000Z",
          lead: "sven.olsen@wayne.example",
        },
        kept("Sven Olsen"),
      ),
      deal(
        {
          external_id: "74",
          name: "Hooli add-on",
          account: "Hooli",
          amount: 500_000,
          stage: "qualification",
          owner: "ana-souza",
          opened_at: "2026-10-01T08:30:00.000Z",
          expected_close: "2027-01-31T00:00:00.000Z",
          lead: "mateo.haddad@hooli.example",
        },
        kept("Mateo Haddad"),
      ),
    ]);
    // A closed deal's history starts at the stage it closed from.
    expect(
      rows(
        db,
        `SELECT d.external_id, e.from_stage, e.to_stage, e.at FROM deal_events e
           JOIN deals d ON d.id = e.deal_id WHERE d.external_id IN ('71', '72') ORDER BY e.id`,
      ),
    ).toEqual([
      {
        external_id: "71",
        from_stage: null,
        to_stage: "negotiation",
        at: "2026-08-02T09:15:00.000Z",
      },
      {
        external_id: "71",
        from_stage: "negotiation",
        to_stage: "won",
        at: "2026-09-14T10:22:31.000Z",
      },
      { external_id: "72", from_stage: null, to_stage: "proposal", at: "2026-08-20T10:00:00.000Z" },
      {
        external_id: "72",
        from_stage: "proposal",
        to_stage: "lost",
        at: "2026-10-05T16:30:00.000Z",
      },
    ]);
  });

  it("Zoho CRM: leads with Lead Status and Created Time, deals with Closing Date and Reason For Loss", async () => {
    const { db, warnings } = await imported("zoho-leads.csv", "zoho-deals.csv");
    expect(warnings).toBe("");
    expect(leadsOf(db)).toEqual([
      lead(
        "4876000000301",
        "priya.shah@soylent.example",
        "Priya Shah",
        "Soylent",
        "Trade Show",
        "ana-souza",
        "sal",
        "2026-08-05T10:00:00.000Z",
      ),
      lead(
        "4876000000302",
        "jonas.weber@initrode.example",
        "Jonas Weber",
        "Initrode",
        "Web Download",
        "wei-chen",
        "mql",
        "2026-09-09T15:30:00.000Z",
      ),
      lead(
        "4876000000303",
        "ama.mensah@tyrell.example",
        "Ama Mensah",
        "Tyrell",
        "Cold Call",
        "liam-smith",
        "disqualified",
        "2026-09-21T09:10:00.000Z",
      ),
    ]);
    // Zoho's Contact Name holds a name only: nothing to link by, kept as the deal's attribute.
    const kept = (source: string, contact: string, probability: string) => ({
      "Lead Source": source,
      "Contact Name": contact,
      "Probability (%)": probability,
    });
    expect(dealsOf(db)).toEqual([
      deal(
        {
          external_id: "4876000000501",
          name: "Soylent annual",
          account: "Soylent",
          amount: 1_500_000,
          stage: "won",
          owner: "ana-souza",
          opened_at: "2026-08-12T11:00:00.000Z",
          closed_at: "2026-10-20T00:00:00.000Z",
          lead: null,
        },
        kept("Trade Show", "Priya Shah", "100"),
      ),
      deal(
        {
          external_id: "4876000000502",
          name: "Initrode migration",
          account: "Initrode",
          amount: 2_240_000,
          stage: "negotiation",
          owner: "wei-chen",
          opened_at: "2026-09-15T10:00:00.000Z",
          expected_close: "2026-12-10T00:00:00.000Z",
          lead: null,
        },
        kept("Web Download", "Jonas Weber", "90"),
      ),
      deal(
        {
          external_id: "4876000000503",
          name: "Tyrell trial",
          account: "Tyrell",
          amount: 300_000,
          stage: "lost",
          owner: "liam-smith",
          opened_at: "2026-09-22T09:00:00.000Z",
          closed_at: "2026-10-02T00:00:00.000Z",
          lost_reason: "Price",
          lead: null,
        },
        kept("Cold Call", "Ama Mensah", "0"),
      ),
    ]);
  });

  it("a plain spreadsheet: a Status beside the Stage, and a Contact cell holding Name <email>", async () => {
    const { db, warnings } = await imported("spreadsheet-leads.csv", "spreadsheet-deals.csv");
    expect(warnings).toBe("");
    expect(leadsOf(db)).toEqual([
      lead(
        null,
        "sofia.rossi@northwind.example",
        "Sofia Rossi",
        "Northwind",
        "events",
        "ana-souza",
        "customer",
        "2026-09-01T00:00:00.000Z",
      ),
      lead(
        null,
        "kai.muller@contoso.example",
        "Kai Müller",
        "Contoso",
        "referral",
        "wei-chen",
        "opportunity",
        "2026-09-15T00:00:00.000Z",
      ),
      lead(
        null,
        "noor.haddad@fabrikam.example",
        "Noor Haddad",
        "Fabrikam",
        "web",
        null,
        "lead",
        "2026-10-02T00:00:00.000Z",
      ),
    ]);
    expect(dealsOf(db)).toEqual([
      deal(
        {
          external_id: null,
          name: "Northwind renewal",
          account: "Northwind",
          amount: 800_000,
          stage: "won",
          owner: "ana-souza",
          opened_at: "2026-09-10T00:00:00.000Z",
          closed_at: "2026-10-12T00:00:00.000Z",
          lead: "sofia.rossi@northwind.example",
        },
        { Stage: "Proposal" },
      ),
      deal({
        external_id: null,
        name: "Contoso pilot",
        account: "Contoso",
        amount: 450_000,
        stage: "negotiation",
        owner: "wei-chen",
        opened_at: "2026-10-01T00:00:00.000Z",
        expected_close: "2026-12-01T00:00:00.000Z",
        lead: "kai.muller@contoso.example",
      }),
      deal(
        {
          external_id: null,
          name: "Fabrikam trial",
          account: "Fabrikam",
          amount: 120_000,
          stage: "lost",
          owner: "wei-chen",
          opened_at: "2026-10-05T00:00:00.000Z",
          closed_at: "2026-10-20T00:00:00.000Z",
          lead: null,
        },
        { Contact: "Noor Haddad", Stage: "Qualification" },
      ),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { mapDealColumns } from "../../src/domain/deal-header-mapping.js";
import {
  dealProblem,
  type IncomingDeal,
  mergeDeal,
  newDealValues,
  readDealRow,
} from "../../src/domain/deal-record.js";
import { defaultPipeline } from "../../src/domain/pipeline.js";
import type { DealValues } from "../../src/store/deals.js";

/** A local-time (TZ) midnight as ISO: what a date without a zone means, whatever TZ the tests run in. */
const local = (day: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
};

const headers = [
  "Opportunity ID",
  "Sales Agent",
  "Deal Stage",
  "Engage Date",
  "Close Date",
  "Close Value",
  "Type",
  "Lost Reason",
  "Product",
];

function read(
  row: Record<string, string>,
  options: { stage?: string; owner?: string; format?: string } = {},
) {
  const cells = headers.map((header) => row[header] ?? "");
  return readDealRow(cells, {
    mapping: mapDealColumns(headers),
    headerCount: headers.length,
    pipeline: defaultPipeline,
    currency: "USD",
    dateFormat: options.format,
    defaultStage: options.stage,
    defaultOwner: options.owner,
  });
}

const base = { "Opportunity ID": "O1", "Sales Agent": "Ana Souza" };

describe("readDealRow", () => {
  it("reads a won row: the close date is when it closed, the value its amount", () => {
    const result = read({
      ...base,
      "Deal Stage": "Closed Won",
      "Engage Date": "2026-10-01",
      "Close Date": "2026-11-02",
      "Close Value": "12,500.50",
      Product: "GTX Pro",
    });
    expect(result).toEqual({
      ok: true,
      deal: {
        external_id: "O1",
        name: null,
        account: null,
        owner: "Ana Souza",
        lead: null,
        amount: 1250050,
        stage: "won",
        stageKnown: true,
        kind: null,
        opened_at: local("2026-10-01"),
        expected_close: null,
        closed_at: local("2026-11-02"),
        closedFrom: null,
        lost_reason: null,
        attributes: { Product: "GTX Pro" },
      },
    });
  });

  it("reads an open row: the close date is its expected close; amount and dates may be blank", () => {
    const result = read({
      ...base,
      "Deal Stage": "Negotiation/Review",
      "Close Date": "2026-12-15",
    });
    expect(result).toMatchObject({
      ok: true,
      deal: { stage: "negotiation", stageKnown: true, expected_close: local("2026-12-15") },
    });
    expect(read({ ...base, "Deal Stage": "Prospecting" })).toMatchObject({
      ok: true,
      deal: { amount: null, opened_at: null, expected_close: null, closed_at: null },
    });
  });

  it("keeps an open stage the pipeline does not know, under its own name", () => {
    expect(read({ ...base, "Deal Stage": "Value Proposition" })).toMatchObject({
      ok: true,
      deal: { stage: "value-proposition", stageKnown: false },
    });
  });

  it("keeps a lost reason on a lost deal, and as an attribute on any other", () => {
    const lost = read({
      ...base,
      "Deal Stage": "Lost",
      "Close Date": "2026-11-02",
      "Lost Reason": "Price",
    });
    expect(lost).toMatchObject({ ok: true, deal: { lost_reason: "Price", attributes: {} } });
    const open = read({ ...base, "Deal Stage": "Proposal", "Lost Reason": "n/a" });
    expect(open).toMatchObject({
      ok: true,
      deal: { lost_reason: null, attributes: { "Lost Reason": "n/a" } },
    });
  });

  it("fills a missing stage and owner from --stage and --owner, never over a cell", () => {
    const result = read({ "Opportunity ID": "O1" }, { stage: "Proposal", owner: "wei-chen" });
    expect(result).toMatchObject({ ok: true, deal: { stage: "proposal", owner: "wei-chen" } });
    const cell = read(
      { ...base, "Deal Stage": "Won", "Close Date": "2026-11-02" },
      { stage: "proposal" },
    );
    expect(cell).toMatchObject({ ok: true, deal: { stage: "won", owner: "Ana Souza" } });
  });

  it("reads dates in --date-format", () => {
    const result = read(
      { ...base, "Deal Stage": "Lost", "Close Date": "11/02/2026" },
      { format: "MM/dd/yyyy" },
    );
    expect(result).toMatchObject({ ok: true, deal: { closed_at: local("2026-11-02") } });
  });

  it("reads deal kinds", () => {
    expect(
      read({ ...base, "Deal Stage": "Proposal", Type: "Existing Business - Upgrade" }),
    ).toMatchObject({
      ok: true,
      deal: { kind: "expansion" },
    });
  });

  it.each([
    [
      { "Opportunity ID": "O1", "Sales Agent": "Ana" },
      "no stage (fill the stage column or pass --stage)",
    ],
    [
      { "Opportunity ID": "O1", "Deal Stage": "Won" },
      "no owner (fill the owner column or pass --owner)",
    ],
    [
      { ...base, "Deal Stage": "Won", "Close Value": "10" },
      "a won deal needs its close date (fill Close Date)",
    ],
    [{ ...base, "Deal Stage": "Lost" }, "a lost deal needs its close date (fill Close Date)"],
    [
      { ...base, "Deal Stage": "Won", "Close Date": "31/10/2026" },
      'invalid date "31/10/2026" in Close Date (expected YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss] or ISO 8601; see --date-format)',
      "close_date",
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "lots" },
      '"lots" is not an amount in Close Value',
      "amount",
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "EUR 900" },
      'amount "EUR 900" is in EUR, but this database keeps USD in Close Value',
      "amount",
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "-5" },
      'amount "-5" is negative in Close Value',
      "amount",
    ],
    [
      { ...base, "Deal Stage": "Proposal", Type: "Partnership" },
      'unknown deal kind "Partnership" in Type (known: new, renewal, expansion)',
      "kind",
    ],
  ])("rejects %o: %s", (row, reason, field?: string) => {
    expect(read(row)).toEqual(rejected(reason, field));
  });

  it("rejects a row with more cells than the header", () => {
    const mapping = mapDealColumns(["Stage", "Owner"]);
    const result = readDealRow(["Won", "ana", "extra"], {
      mapping,
      headerCount: 2,
      pipeline: defaultPipeline,
      currency: "USD",
    });
    expect(result).toEqual({ ok: false, reason: "has 3 fields, the header has 2" });
  });

  it("rejects a closed date on an open deal, and a currency that is not the database's", () => {
    const mapping = mapDealColumns(["Stage", "Owner", "Closed Date", "Currency"]);
    const options = { mapping, headerCount: 4, pipeline: defaultPipeline, currency: "USD" };
    expect(readDealRow(["Proposal", "ana", "2026-11-01", ""], options)).toEqual({
      ok: false,
      reason: 'Closed Date is set but stage "Proposal" is open (won or lost deals close)',
    });
    expect(readDealRow(["Won", "ana", "2026-11-01", "EUR"], options)).toEqual({
      ok: false,
      reason: "amount in EUR, but this database keeps USD (convert it first)",
    });
  });
});

/** A row of a file with these headers, by header; blank cells left out. */
function readRow(headers: readonly string[], row: Record<string, string>) {
  return readDealRow(
    headers.map((header) => row[header] ?? ""),
    {
      mapping: mapDealColumns(headers),
      headerCount: headers.length,
      pipeline: defaultPipeline,
      currency: "USD",
    },
  );
}

describe("readDealRow: a status beside the stage", () => {
  const pipedrive = [
    "Deal - ID",
    "Deal - Owner",
    "Deal - Value",
    "Deal - Status",
    "Deal - Stage",
    "Deal - Deal created",
    "Deal - Won time",
    "Deal - Lost time",
    "Deal - Expected close date",
    "Deal - Lost reason",
  ];
  const deal = { "Deal - ID": "71", "Deal - Owner": "Ana Souza", "Deal - Value": "48000" };

  it("closes a won deal at the stage it was won from, when it was won", () => {
    const result = readRow(pipedrive, {
      ...deal,
      "Deal - Status": "won",
      "Deal - Stage": "Negotiations Started",
      "Deal - Deal created": "2026-08-02 09:15:00",
      "Deal - Won time": "2026-09-14 10:22:31",
      "Deal - Expected close date": "2026-09-30",
    });
    expect(result).toMatchObject({
      ok: true,
      deal: {
        stage: "won",
        stageKnown: true,
        amount: 4800000,
        opened_at: new Date(2026, 7, 2, 9, 15).toISOString(),
        closed_at: new Date(2026, 8, 14, 10, 22, 31).toISOString(),
        closedFrom: "negotiation",
        expected_close: local("2026-09-30"),
        attributes: { "Deal - Stage": "Negotiations Started" },
      },
    });
  });

  it("closes a lost deal when it was lost, with its reason", () => {
    const result = readRow(pipedrive, {
      ...deal,
      "Deal - Status": "lost",
      "Deal - Stage": "Proposal Made",
      "Deal - Lost time": "2026-10-05",
      "Deal - Lost reason": "Went with a competitor",
    });
    expect(result).toMatchObject({
      ok: true,
      deal: {
        stage: "lost",
        closed_at: local("2026-10-05"),
        closedFrom: "proposal",
        lost_reason: "Went with a competitor",
        attributes: { "Deal - Stage": "Proposal Made" },
      },
    });
  });

  it("leaves an open deal at its stage, a won time it still has kept as an attribute", () => {
    const result = readRow(pipedrive, {
      ...deal,
      "Deal - Status": "open",
      "Deal - Stage": "Demo Scheduled",
      "Deal - Won time": "2026-09-14",
    });
    expect(result).toMatchObject({
      ok: true,
      deal: {
        stage: "proposal",
        closed_at: null,
        closedFrom: null,
        attributes: { "Deal - Won time": "2026-09-14" },
      },
    });
  });

  it("closes a won deal without a stage column, and from an open stage the pipeline does not know", () => {
    expect(
      readRow(["Owner", "Status", "Won Date"], {
        Owner: "ana",
        Status: "Won",
        "Won Date": "2026-09-14",
      }),
    ).toMatchObject({ ok: true, deal: { stage: "won", closedFrom: null, attributes: {} } });
    expect(
      readRow(["Owner", "Stage", "Status", "Won Date"], {
        Owner: "ana",
        Stage: "Engaging",
        Status: "won",
        "Won Date": "2026-09-14",
      }),
    ).toMatchObject({ ok: true, deal: { stage: "won", closedFrom: null } });
  });

  it.each([
    [
      { "Deal - Status": "open", "Deal - Stage": "Closed Won" },
      'Deal - Status says the deal is open, but its stage "Closed Won" is won',
    ],
    [
      { "Deal - Status": "deleted", "Deal - Stage": "Qualified" },
      'unknown status "deleted" in Deal - Status (known: open, won, lost)',
      "status",
    ],
    [
      { "Deal - Status": "won", "Deal - Stage": "Qualified" },
      "a won deal needs its close date (fill a Close Date column)",
    ],
    [{ "Deal - Status": "open" }, "no stage (fill the stage column or pass --stage)"],
  ])("rejects %o: %s", (row, reason, field?: string) => {
    expect(readRow(pipedrive, { ...deal, ...row })).toEqual(rejected(reason, field));
  });

  const salesforce = [
    "Opportunity ID",
    "Opportunity Owner",
    "Stage",
    "Close Date",
    "Closed",
    "Won",
  ];
  const opportunity = {
    "Opportunity ID": "006A",
    "Opportunity Owner": "wei",
    "Close Date": "2026-10-30",
  };

  it.each([
    ["Closed Won", "1", "1", "won"],
    ["Negotiation/Review", "0", "0", "negotiation"],
    ["Closed Lost", "true", "false", "lost"],
    ["Closed - Churned", "1", "0", "lost"],
    ["Closed - Signed", "yes", "yes", "won"],
    ["Prospecting", "", "", "prospecting"],
  ])(
    "reads Salesforce's Closed and Won beside stage %j (%s, %s) as %s",
    (stage, closed, won, result) => {
      expect(
        readRow(salesforce, { ...opportunity, Stage: stage, Closed: closed, Won: won }),
      ).toMatchObject({
        ok: true,
        deal: { stage: result },
      });
    },
  );

  it.each([
    [
      { Stage: "Closed - Signed", Closed: "1" },
      'Closed says the deal is won or lost, but its stage "Closed - Signed" is open (name the stage in pipeline.stageNames in the configuration: funnel config export, then funnel config load)',
    ],
    [{ Stage: "Closed Won", Closed: "0", Won: "1" }, "Won and Closed contradict each other"],
    [
      { Stage: "Closed Won", Won: "0" },
      'Won says the deal is open or lost, but its stage "Closed Won" is won',
    ],
    [
      { Stage: "Closed Won", Won: "maybe" },
      '"maybe" in Won is not yes or no (true/false, 1/0)',
      "is_won",
    ],
  ])("rejects %o: %s", (row, reason, field?: string) => {
    expect(readRow(salesforce, { ...opportunity, ...row })).toEqual(rejected(reason, field));
  });
});

describe("readDealRow: the lead in a contact cell", () => {
  const headers = ["Owner", "Stage", "Associated Contact", "Contact Email"];
  const row = { Owner: "ana", Stage: "Proposal" };

  it.each([
    ["Maria Gonzalez (maria.gonzalez@globex.example)", "maria.gonzalez@globex.example"],
    ["Maria Gonzalez <Maria.Gonzalez@Globex.example>", "maria.gonzalez@globex.example"],
    ["maria.gonzalez@globex.example", "maria.gonzalez@globex.example"],
    [
      "Maria Gonzalez (maria.gonzalez@globex.example);Tom Becker (tom@initech.example)",
      "maria.gonzalez@globex.example",
    ],
  ])("links %j to the lead %s", (contact, lead) => {
    expect(readRow(headers, { ...row, "Associated Contact": contact })).toMatchObject({
      ok: true,
      deal: { lead, attributes: {} },
    });
  });

  it("keeps a contact cell without an email as an attribute, and links nothing", () => {
    expect(readRow(headers, { ...row, "Associated Contact": "Maria Gonzalez" })).toMatchObject({
      ok: true,
      deal: { lead: null, attributes: { "Associated Contact": "Maria Gonzalez" } },
    });
  });

  it("links by the lead column first, keeping the contact cell", () => {
    const result = readRow(headers, {
      ...row,
      "Associated Contact": "Maria Gonzalez (maria.gonzalez@globex.example)",
      "Contact Email": "Tom Becker <tom@initech.example>",
    });
    expect(result).toMatchObject({
      ok: true,
      deal: {
        lead: "tom@initech.example",
        attributes: { "Associated Contact": "Maria Gonzalez (maria.gonzalez@globex.example)" },
      },
    });
  });

  it("keeps a lead column's external id as it is", () => {
    expect(readRow(headers, { ...row, "Contact Email": "00Q00036" })).toMatchObject({
      ok: true,
      deal: { lead: "00Q00036" },
    });
  });
});

const incoming = (deal: Partial<IncomingDeal>): IncomingDeal => ({
  external_id: "O1",
  name: null,
  account: null,
  owner: "ana",
  lead: null,
  amount: null,
  stage: "proposal",
  stageKnown: true,
  kind: null,
  opened_at: null,
  expected_close: null,
  closed_at: null,
  closedFrom: null,
  lost_reason: null,
  attributes: {},
  ...deal,
});

const stored: DealValues = {
  external_id: "O1",
  name: "Big one",
  account: "Globex",
  lead_id: 7,
  owner_id: 1,
  amount: 100_00,
  stage: "proposal",
  kind: "new",
  opened_at: "2026-10-01T00:00:00.000Z",
  expected_close: "2026-12-01T00:00:00.000Z",
  closed_at: null,
  lost_reason: null,
  attributes: { Product: "GTX" },
};

const same = { owner_id: 1, lead_id: null };

describe("newDealValues", () => {
  it.each([
    [
      "the file's opened date",
      { opened_at: "2026-09-01T00:00:00.000Z" },
      "2026-09-01T00:00:00.000Z",
    ],
    [
      "the close date of a closed deal",
      { stage: "won", closed_at: "2026-11-02T00:00:00.000Z" },
      "2026-11-02T00:00:00.000Z",
    ],
    ["the import time", {}, "2026-11-27T09:00:00.000Z"],
  ])("opens a deal at %s", (_name, deal, openedAt) => {
    const values = newDealValues(incoming(deal), same, "2026-11-27T09:00:00.000Z");
    expect(values.opened_at).toBe(openedAt);
    expect(values.kind).toBe("new");
  });
});

describe("mergeDeal", () => {
  it("overwrites with non-empty cells and never clears a field with a blank one", () => {
    const merge = mergeDeal(
      stored,
      incoming({ account: "Initech", attributes: { Region: "EU" } }),
      same,
    );
    expect(merge.changed).toBe(true);
    expect(merge.stageChange).toBeNull();
    expect(merge.next).toMatchObject({
      name: "Big one",
      account: "Initech",
      amount: 100_00,
      lead_id: 7,
      attributes: { Product: "GTX", Region: "EU" },
    });
  });

  it("says unchanged when the row says what the deal holds", () => {
    expect(mergeDeal(stored, incoming({ name: "Big one" }), same).changed).toBe(false);
  });

  it("moves an open deal and closes it, with the reason of a loss", () => {
    const moved = mergeDeal(stored, incoming({ stage: "negotiation" }), same);
    expect(moved.stageChange).toEqual({ from: "proposal", to: "negotiation" });
    const lost = mergeDeal(
      stored,
      incoming({ stage: "lost", closed_at: "2026-11-02T00:00:00.000Z", lost_reason: "Price" }),
      same,
    );
    expect(lost.next).toMatchObject({
      stage: "lost",
      closed_at: "2026-11-02T00:00:00.000Z",
      lost_reason: "Price",
    });
  });

  it("leaves the stage and close date of a closed deal as they are", () => {
    const won = { ...stored, stage: "won", closed_at: "2026-11-02T00:00:00.000Z" };
    const merge = mergeDeal(won, incoming({ stage: "proposal" }), same);
    expect(merge.changed).toBe(false);
    expect(merge.stageChange).toBeNull();
    const lost = mergeDeal(
      won,
      incoming({ stage: "lost", closed_at: "2026-11-09T00:00:00.000Z", lost_reason: "x" }),
      same,
    );
    expect(lost.next).toMatchObject({
      stage: "won",
      closed_at: "2026-11-02T00:00:00.000Z",
      lost_reason: null,
    });
  });
});

describe("dealProblem", () => {
  it.each([
    [
      { stage: "won", amount: null, closed_at: "2026-11-02T00:00:00.000Z" },
      "a won deal needs its amount (fill the amount column)",
    ],
    [
      { stage: "lost", closed_at: "2026-09-02T00:00:00.000Z" },
      "closes (2026-09-02) before it was opened (2026-10-01)",
    ],
    [{ stage: "lost", amount: null, closed_at: "2026-11-02T00:00:00.000Z" }, undefined],
    [{}, undefined],
  ])("%o: %s", (changes, problem) => {
    expect(dealProblem({ ...stored, ...changes })).toBe(problem);
  });
});

/**
 * A rejected row, with the field whose value did not fit when one did not: the import keeps
 * such a value as an attribute instead when its column was guessed.
 */
function rejected(reason: string, field: string | undefined) {
  return field === undefined ? { ok: false, reason } : { ok: false, reason, field };
}

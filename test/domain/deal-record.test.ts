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
import type { DealValues } from "../../src/store/deals-store.js";

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
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "lots" },
      '"lots" is not an amount in Close Value',
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "EUR 900" },
      'amount "EUR 900" is in EUR, but this database keeps USD in Close Value',
    ],
    [
      { ...base, "Deal Stage": "Proposal", "Close Value": "-5" },
      'amount "-5" is negative in Close Value',
    ],
    [
      { ...base, "Deal Stage": "Proposal", Type: "Partnership" },
      'unknown deal kind "Partnership" in Type (known: new, renewal, expansion)',
    ],
  ])("rejects %o: %s", (row, reason) => {
    expect(read(row)).toEqual({ ok: false, reason });
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
    const mapping = mapDealColumns(["Stage", "Owner", "Won Date", "Currency"]);
    const options = { mapping, headerCount: 4, pipeline: defaultPipeline, currency: "USD" };
    expect(readDealRow(["Proposal", "ana", "2026-11-01", ""], options)).toEqual({
      ok: false,
      reason: 'Won Date is set but stage "Proposal" is open (won or lost deals close)',
    });
    expect(readDealRow(["Won", "ana", "2026-11-01", "EUR"], options)).toEqual({
      ok: false,
      reason: "amount in EUR, but this database keeps USD (convert it first)",
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

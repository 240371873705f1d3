import { describe, expect, it } from "vitest";
import { mapColumns, parseColumnMapOption } from "../../src/domain/column-mapping.js";
import {
  dealColumns,
  mapDealColumns,
  parseDealKind,
} from "../../src/domain/deal-header-mapping.js";
import { MappingError } from "../../src/domain/header-mapping.js";

describe("mapDealColumns", () => {
  it.each([
    ["Opportunity ID", "external_id"],
    ["opportunity_id", "external_id"],
    ["Deal ID", "external_id"],
    ["Record ID", "external_id"],
    ["Deal Name", "name"],
    ["Opportunity Name", "name"],
    ["Account Name", "account"],
    ["Company", "account"],
    ["Amount", "amount"],
    ["close_value", "amount"],
    ["Close Value", "amount"],
    ["Deal Value", "amount"],
    ["Currency", "currency"],
    ["Stage", "stage"],
    ["Deal Stage", "stage"],
    ["deal_stage", "stage"],
    ["Stage Name", "stage"],
    ["Owner", "owner"],
    ["Sales Agent", "owner"],
    ["sales_agent", "owner"],
    ["Opportunity Owner", "owner"],
    ["Deal Owner", "owner"],
    ["Contact Email", "lead"],
    ["Lead Email", "lead"],
    ["Lead ID", "lead"],
    ["Created Date", "opened_at"],
    ["Engage Date", "opened_at"],
    ["engage_date", "opened_at"],
    ["Expected Close Date", "expected_close"],
    ["Close Date", "close_date"],
    ["close_date", "close_date"],
    ["Won Date", "won_at"],
    ["Lost Date", "lost_at"],
    ["Closed Date", "closed_at"],
    ["Closed At", "closed_at"],
    ["Type", "kind"],
    ["Deal Type", "kind"],
    ["Closed Lost Reason", "lost_reason"],
    ["Loss Reason", "lost_reason"],
    ["Reason For Loss", "lost_reason"],
    ["Create Date", "opened_at"],
    ["Created Time", "opened_at"],
    ["Closing Date", "close_date"],
    ["Associated Contact", "contact"],
    ["Contact Name", "contact"],
    ["Associated Company", "account"],
    ["Status", "status"],
    ["Won", "is_won"],
    ["Closed Won", "is_won"],
    ["Closed Lost", "is_lost"],
    ["Closed", "is_closed"],
    ["Deal - ID", "external_id"],
    ["Deal - Title", "name"],
    ["Deal - Value", "amount"],
    ["Deal - Currency", "currency"],
    ["Deal - Status", "status"],
    ["Deal - Stage", "stage"],
    ["Deal - Owner", "owner"],
    ["Deal - Organization", "account"],
    ["Deal - Contact person", "contact"],
    ["Deal - Deal created", "opened_at"],
    ["Deal - Won time", "won_at"],
    ["Deal - Lost time", "lost_at"],
    ["Deal - Deal closed on", "closed_at"],
    ["Deal - Expected close date", "expected_close"],
    ["Deal - Lost reason", "lost_reason"],
    ["Deal - Weighted value", undefined],
    ["Person - Email", "lead"],
    ["Person - Name", undefined],
    ["Person - Owner", undefined],
    ["Organization - Name", "account"],
    ["Product - Name", undefined],
    ["Reason", undefined],
    ["line", undefined],
  ])("maps %s to %s", (header, field) => {
    const mapping = mapDealColumns([header]);
    expect(mapping.columns[0]?.field).toBe(field);
  });

  it("takes the deal's own column before a linked object's, whatever their order", () => {
    const mapping = mapDealColumns(["Organization - Name", "Deal - Organization"]);
    expect(mapping.fieldIndex).toEqual({ account: 1 });
    expect(mapping.warnings).toEqual([
      'column "Organization - Name" also looks like account; "Deal - Organization" is used, it is kept as an attribute',
    ]);
  });

  it("keeps columns it does not know as attributes, by their header", () => {
    const mapping = mapDealColumns(["Opportunity ID", "Product", "Region"]);
    expect(mapping.columns.map((column) => [column.field, column.attribute])).toEqual([
      ["external_id", "Opportunity ID"],
      [undefined, "Product"],
      [undefined, "Region"],
    ]);
  });

  it("lets --map win over the synonyms, and warns about a second column for a field", () => {
    const mapping = mapDealColumns(
      ["Deal ID", "Opportunity ID", "Agent"],
      ["Opportunity ID=external_id,Agent=owner"],
    );
    expect(mapping.fieldIndex).toEqual({ external_id: 1, owner: 2 });
    expect(mapping.warnings).toEqual([
      'column "Deal ID" also looks like external_id; "Opportunity ID" is used, it is kept as an attribute',
    ]);
  });

  it("can keep a recognised column as an attribute", () => {
    const mapping = mapDealColumns(["Type", "Stage"], ["Type=attribute"]);
    expect(mapping.fieldIndex).toEqual({ stage: 1 });
  });

  it("refuses a --map that names a column the file lacks", () => {
    expect(() => mapDealColumns(["Stage"], ["Agent=owner"])).toThrow(
      /--map names a column the file does not have \("Agent"\)/,
    );
  });
});

describe("parseColumnMapOption", () => {
  it.each([
    ["Agent", /is not Header=field/],
    ["Agent=", /is not Header=field/],
    ["Agent=boss", /unknown field "boss"/],
    ["Email=email", /unknown field "email"/],
  ])("refuses %s", (pair, message) => {
    expect(() => parseColumnMapOption([pair], dealColumns)).toThrow(MappingError);
    expect(() => parseColumnMapOption([pair], dealColumns)).toThrow(message);
  });

  it("reads several pairs, across repeated options, with = in the header", () => {
    const overrides = parseColumnMapOption(
      ["Agent=OWNER, Value (=USD)=amount", "Notes=attribute"],
      dealColumns,
    );
    expect([...overrides.values()]).toEqual([
      { header: "Agent", field: "owner" },
      { header: "Value (=USD)", field: "amount" },
      { header: "Notes", field: "attribute" },
    ]);
  });
});

describe("mapColumns", () => {
  it("maps any field list by its synonyms", () => {
    const mapping = mapColumns(["Rep", "Quarter", "Goal"], {
      owner: ["rep"],
      period: ["quarter"],
      target: ["goal"],
    });
    expect(mapping.fieldIndex).toEqual({ owner: 0, period: 1, target: 2 });
  });
});

describe("parseDealKind", () => {
  it.each([
    ["new", "new"],
    ["New Business", "new"],
    ["New Customer", "new"],
    ["Renewal", "renewal"],
    ["Existing Customer - Replacement", "renewal"],
    ["Existing Business - Upgrade", "expansion"],
    ["Existing Customer - Upgrade", "expansion"],
    ["Upsell", "expansion"],
    ["expansion", "expansion"],
    ["Partnership", undefined],
    ["constructor", undefined],
  ])("%s is %s", (text, kind) => {
    expect(parseDealKind(text)).toBe(kind);
  });
});

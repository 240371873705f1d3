import { describe, expect, it } from "vitest";
import {
  incomingLeadAt,
  leadRowWidth,
  pushLeadRow,
  type RowValue,
} from "../../src/csv/lead-row-layout.js";
import type { IncomingLead } from "../../src/domain/lead-record.js";

const context = { batchId: 7, importedAt: "2026-11-27T09:00:00.000Z" };

const full: IncomingLead = {
  external_id: "00Q1",
  email: "ann@x.example",
  first_name: "Ann",
  last_name: "Lee",
  name: "Ann Lee",
  company: "A Co",
  title: "CTO",
  phone: "+1 555",
  country: "PT",
  source: "web",
  campaign: "spring",
  created_at: "2026-10-01T00:00:00.000Z",
  owner: "maria",
  stage: "mql",
  score: 42,
  attributes: { Colour: "red" },
  stage_label: "Marketing Qualified Lead",
};

const blank: IncomingLead = {
  ...full,
  external_id: null,
  created_at: null,
  stage: null,
  score: null,
  attributes: {},
  stage_label: null,
};

describe("lead row layout", () => {
  it.each([
    ["every field set", full],
    ["blank cells", blank],
  ])("gives back the lead it was given (%s)", (_name, lead) => {
    const rows: RowValue[] = [];
    const extras: RowValue[] = [];
    pushLeadRow(rows, extras, full, context);
    pushLeadRow(rows, extras, lead, context);
    expect(rows).toHaveLength(2 * leadRowWidth);
    expect(incomingLeadAt(rows, extras, 1)).toEqual(lead);
  });

  it("fills what the INSERT needs for blank cells, without losing that they were blank", () => {
    const rows: RowValue[] = [];
    const extras: RowValue[] = [];
    pushLeadRow(rows, extras, blank, context);
    expect(rows).toEqual([
      null,
      null,
      "ann@x.example",
      "Ann",
      "Lee",
      "Ann Lee",
      "A Co",
      "CTO",
      "+1 555",
      "PT",
      "web",
      "spring",
      context.importedAt,
      "maria",
      "lead",
      null,
      "{}",
      7,
      context.importedAt,
    ]);
  });
});

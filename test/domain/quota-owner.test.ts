import { describe, expect, it } from "vitest";
import { parseQuotaOwner, parseQuotaPeriod, quotaOwnerText } from "../../src/domain/quota-owner.js";

const now = new Date(2026, 10, 27, 12);

describe("parseQuotaOwner", () => {
  it.each([
    ["ana-souza", { kind: "rep", handle: "ana-souza" }],
    [" Ana-Souza ", { kind: "rep", handle: "ana-souza" }],
    ["team:East", { kind: "team", team: "East" }],
    ["TEAM: West Coast ", { kind: "team", team: "West Coast" }],
    ["team:", undefined],
    ["", undefined],
  ])("%j → %j", (text, owner) => {
    expect(parseQuotaOwner(text)).toEqual(owner);
    if (owner !== undefined) expect(parseQuotaOwner(quotaOwnerText(owner as never))).toEqual(owner);
  });
});

describe("parseQuotaPeriod: months, quarters and years only", () => {
  it.each([
    ["2026-10", 1, "2026-10", new Date(2026, 9, 1), new Date(2026, 10, 1)],
    ["2028-02", 1, "2028-02", new Date(2028, 1, 1), new Date(2028, 2, 1)],
    ["2026-Q4", 1, "2026-Q4", new Date(2026, 9, 1), new Date(2027, 0, 1)],
    ["2026", 1, "2026", new Date(2026, 0, 1), new Date(2027, 0, 1)],
    ["this-quarter", 1, "2026-Q4", new Date(2026, 9, 1), new Date(2027, 0, 1)],
    ["last-month", 1, "2026-10", new Date(2026, 9, 1), new Date(2026, 10, 1)],
    ["2027-Q1", 4, "FY2027-Q1", new Date(2026, 3, 1), new Date(2026, 6, 1)],
    ["2027", 4, "FY2027", new Date(2026, 3, 1), new Date(2027, 3, 1)],
  ])("%j (fiscal year from month %i) → %s", (text, fiscalYearStart, label, from, to) => {
    expect(parseQuotaPeriod(text, now, { fiscalYearStart })).toEqual({ label, from, to });
  });

  it.each(["ytd", "2026-13", "Q4", "next-month", ""])("refuses %j", (text) => {
    expect(parseQuotaPeriod(text, now, { fiscalYearStart: 1 })).toBeUndefined();
  });
});

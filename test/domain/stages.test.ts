import { describe, expect, it } from "vitest";
import {
  importMovesStage,
  isOffRamp,
  isStage,
  parseStageName,
  type Stage,
  stages,
} from "../../src/domain/stages.js";

describe("parseStageName", () => {
  it.each([
    // The stage names themselves, any case.
    ["lead", "lead"],
    ["Lead", "lead"],
    ["MQL", "mql"],
    ["SAL", "sal"],
    ["sql", "sql"],
    ["Opportunity", "opportunity"],
    ["CUSTOMER", "customer"],
    ["Disqualified", "disqualified"],
    ["Recycled", "recycled"],
    // HubSpot lifecycle stages.
    ["Subscriber", "lead"],
    ["Marketing Qualified Lead", "mql"],
    ["marketingqualifiedlead", "mql"],
    ["marketing-qualified-lead", "mql"],
    ["Sales Qualified Lead", "sql"],
    ["salesqualifiedlead", "sql"],
    ["Evangelist", "customer"],
    ["Other", "lead"],
    // HubSpot lead statuses.
    ["Attempted to Contact", "sal"],
    ["Connected", "sal"],
    ["Open Deal", "opportunity"],
    ["Bad Timing", "recycled"],
    // Zoho CRM lead statuses.
    ["Not Contacted", "lead"],
    ["Pre-Qualified", "mql"],
    ["Contacted", "sal"],
    ["Contact in Future", "recycled"],
    ["Junk Lead", "disqualified"],
    ["Lost Lead", "disqualified"],
    ["Not Qualified", "disqualified"],
    // Salesforce lead statuses.
    ["Open - Not Contacted", "lead"],
    ["Working - Contacted", "sal"],
    ["Closed - Converted", "opportunity"],
    ["Closed - Not Converted", "disqualified"],
    // Spreadsheet shorthand.
    ["New", "lead"],
    ["Sales Accepted Lead", "sal"],
    ["In Progress", "sal"],
    ["Qualified", "sql"],
    ["Unqualified", "disqualified"],
    ["Opp", "opportunity"],
    ["Closed Won", "customer"],
    ["Won", "customer"],
    ["Junk", "disqualified"],
    ["Bad Data", "disqualified"],
    ["Rejected", "recycled"],
    ["  mql  ", "mql"],
    ["M.Q.L.", "mql"],
  ] as [string, Stage][])("%j → %s", (text, stage) => {
    expect(parseStageName(text)).toBe(stage);
  });

  it.each([
    "",
    "   ",
    "Hot",
    "Warm lead",
    "Negotiation",
    "Closed",
    "unknown",
    "constructor",
    "toString",
    "__proto__",
    "hasOwnProperty",
  ])("%j is not a known stage", (text) => {
    expect(parseStageName(text)).toBeUndefined();
  });
});

describe("isStage and isOffRamp", () => {
  it.each(stages)("%s is a stage", (stage) => {
    expect(isStage(stage)).toBe(true);
    expect(isOffRamp(stage)).toBe(stage === "disqualified" || stage === "recycled");
  });

  it.each(["Lead", "MQL", "won", ""])("%j is not a stage name", (text) => {
    expect(isStage(text)).toBe(false);
  });
});

describe("importMovesStage over every pair", () => {
  // Rows: the lead's current stage; columns: the stage in the file, in `stages` order:
  //               lead   mql    sal    sql    opp    cust   disq   recyc
  const T = true;
  const F = false;
  const expected: Record<Stage, readonly boolean[]> = {
    lead: [F, T, T, T, T, T, T, T],
    mql: [F, F, T, T, T, T, T, T],
    sal: [F, F, F, T, T, T, T, T],
    sql: [F, F, F, F, T, T, T, T],
    opportunity: [F, F, F, F, F, T, T, T],
    customer: [F, F, F, F, F, F, F, F],
    disqualified: [F, T, T, T, T, T, F, T],
    recycled: [F, T, T, T, T, T, T, F],
  };

  const pairs = stages.flatMap((current) =>
    stages.map((incoming, column) => [current, incoming, expected[current][column]] as const),
  );

  it("covers all 64 pairs", () => {
    expect(stages).toEqual([
      "lead",
      "mql",
      "sal",
      "sql",
      "opportunity",
      "customer",
      "disqualified",
      "recycled",
    ]);
    expect(pairs).toHaveLength(64);
    expect(pairs.every(([, , moves]) => typeof moves === "boolean")).toBe(true);
  });

  it.each(pairs)("%s → %s moves: %s", (current, incoming, moves) => {
    expect(importMovesStage(current, incoming)).toBe(moves);
  });
});

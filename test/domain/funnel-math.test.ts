import { describe, expect, it } from "vitest";
import { FunnelTally, funnelRank, funnelRows, median } from "../../src/domain/funnel-math.js";

const day = 86_400_000;

describe("funnelRank", () => {
  it.each([
    ["lead", 0],
    ["mql", 1],
    ["sal", 2],
    ["sql", 3],
    ["opportunity", 4],
    ["customer", 5],
    ["disqualified", undefined],
    ["recycled", undefined],
  ])("%s → %s", (stage, rank) => {
    expect(funnelRank(stage)).toBe(rank);
  });
});

describe("median", () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1], 2],
    [[2, 11, 3, 2], 2.5],
    [[1, 2, 3], 2],
  ])("%j → %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("a cohort funnel", () => {
  // Four leads: one stays a lead, one reaches mql (2 days in), one sal (3 days, then 1 more),
  // one was imported straight at sql (it passed mql and sal, but its days are unknown).
  const tally = new FunnelTally();
  tally.addLead(0, [0, null, null, null, null, null]);
  tally.addLead(1, [0, 2 * day, null, null, null, null]);
  tally.addLead(2, [0, 3 * day, 4 * day, null, null, null]);
  tally.addLead(3, [null, null, null, 0, null, null]);
  const rows = funnelRows(tally);

  it("counts every stage a lead passed, and what fell out between", () => {
    expect(rows.map((row) => [row.stage, row.leads, row.dropOff])).toEqual([
      ["lead", 4, null],
      ["mql", 3, 1],
      ["sal", 2, 1],
      ["sql", 1, 1],
      ["opportunity", 0, 1],
      ["customer", 0, 0],
    ]);
  });

  it("gives step and cumulative conversion", () => {
    // mql 3/4 = 75 %; sal 2/3 = 66.7 %, 2/4 = 50 %; sql 1/2 = 50 %, 1/4 = 25 %.
    expect(rows.map((row) => [row.stepPct, row.cumulativePct])).toEqual([
      [null, null],
      [75, 75],
      [(100 * 2) / 3, 50],
      [50, 25],
      [0, 0],
      [null, 0],
    ]);
  });

  it("takes the median days only over leads seen arriving at both stages", () => {
    // lead→mql: 2 and 3 days → 2.5; mql→sal: 1 day; the imported lead adds nothing.
    expect(rows.map((row) => [row.medianDays, row.daysSamples])).toEqual([
      [null, 0],
      [2.5, 2],
      [1, 1],
      [null, 0],
      [null, 0],
      [null, 0],
    ]);
  });
});

describe("an activity funnel", () => {
  it("counts arrivals, with their days from the stage before", () => {
    const tally = new FunnelTally();
    tally.addArrival(0, null);
    tally.addArrival(1, 11);
    tally.addArrival(1, 2);
    tally.addArrival(2, null);
    const rows = funnelRows(tally);
    expect(rows.slice(0, 3).map((row) => [row.leads, row.stepPct, row.medianDays])).toEqual([
      [1, null, null],
      [2, 200, 6.5],
      [1, 50, null],
    ]);
  });

  it("adds tallies", () => {
    const a = new FunnelTally();
    a.addArrival(1, 4);
    const b = new FunnelTally();
    b.addArrival(1, 2);
    b.addArrival(0, null);
    a.add(b);
    expect([a.counts.slice(0, 2), a.days[1]]).toEqual([
      [1, 2],
      [4, 2],
    ]);
  });
});

describe("adding tallies", () => {
  it("adds a year's worth of day samples (a million) without overflowing the stack", () => {
    const group = new FunnelTally();
    for (let i = 0; i < 1_000_000; i++) group.addArrival(1, i % 7);
    const total = new FunnelTally();
    total.add(group);
    total.add(group);
    const mql = funnelRows(total)[1];
    // 0..6 days, each value 2 x 142,857 or 142,858 times: the middle is 3.
    expect([mql?.leads, mql?.daysSamples, mql?.medianDays]).toEqual([2_000_000, 2_000_000, 3]);
  });
});

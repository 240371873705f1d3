import { describe, expect, it } from "vitest";
import {
  addTallies,
  emptyTally,
  groupQuota,
  quotaRowFigures,
  type Tally,
} from "../../src/domain/quota-rollup.js";

const tally = (part: Partial<Tally>): Tally => ({ ...emptyTally, ...part });
const quota = (target: number, basis = "2026-10") => ({ target, basis, uncovered: [] });

describe("addTallies", () => {
  it("adds every figure", () => {
    expect(
      addTallies([
        tally({
          won: 1,
          wonAmount: 100,
          lost: 2,
          achieved: 100,
          pipeline: 50,
          weightedPipeline: 5,
        }),
        tally({ won: 2, wonAmount: 300, achieved: 300, pipeline: 10, weightedPipeline: 1 }),
      ]),
    ).toEqual({
      won: 3,
      wonAmount: 400,
      lost: 2,
      achieved: 400,
      pipeline: 60,
      weightedPipeline: 6,
    });
    expect(addTallies([])).toEqual(emptyTally);
  });
});

describe("groupQuota", () => {
  it.each([
    ["its own quota wins", quota(500, "team"), [quota(100), quota(200)], 500, "team"],
    ["else the sum of its reps'", undefined, [quota(100), quota(200)], 300, "sum of 2 rep quotas"],
    [
      "saying how many had one",
      undefined,
      [quota(100), undefined],
      100,
      "sum of 1 rep quota (1 of 2 have one)",
    ],
  ])("%s", (_, own, members, target, basis) => {
    expect(groupQuota(own, members)).toEqual({ target, basis, uncovered: [] });
  });

  it("is undefined when nobody has a quota", () => {
    expect(groupQuota(undefined, [undefined, undefined])).toBeUndefined();
  });
});

describe("quotaRowFigures", () => {
  const figures = tally({
    won: 3,
    wonAmount: 900,
    lost: 1,
    achieved: 900,
    pipeline: 600,
    weightedPipeline: 150,
  });

  it("gives win rate, average deal, and coverage from the chosen pipeline", () => {
    const row = quotaRowFigures({
      tally: figures,
      quota: quota(1200),
      elapsed: 0.5,
      pipelineApplies: true,
      weighted: false,
    });
    expect(row).toMatchObject({
      quota: 1200,
      achieved: 900,
      attainmentPct: 75,
      pacingPct: 150,
      projection: 1800,
      gap: 300,
      averageDeal: 300,
      winRatePct: 75,
      pipeline: 600,
      weightedPipeline: 150,
      coverage: 2,
    });
    const weighted = quotaRowFigures({
      tally: figures,
      quota: quota(1200),
      elapsed: 0.5,
      pipelineApplies: true,
      weighted: true,
    });
    expect(weighted.coverage).toBe(0.5);
  });

  it("drops pipeline once the period is over, and for metrics deals do not feed", () => {
    for (const [elapsed, pipelineApplies] of [
      [1, true],
      [0.5, false],
    ] as const) {
      const row = quotaRowFigures({
        tally: figures,
        quota: quota(1200),
        elapsed,
        pipelineApplies,
        weighted: false,
      });
      expect([row.pipeline, row.weightedPipeline, row.coverage]).toEqual([null, null, null]);
    }
  });

  it("names the months no quota covered, and leaves rates empty without deals", () => {
    const row = quotaRowFigures({
      tally: emptyTally,
      quota: { target: 100, basis: "2026-10", uncovered: ["2026-11", "2026-12"] },
      elapsed: 1,
      pipelineApplies: true,
      weighted: false,
    });
    expect(row).toMatchObject({
      basis: "2026-10 (no quota for 2026-11, 2026-12: no pacing)",
      averageDeal: null,
      winRatePct: null,
    });
  });

  it("gives no pace for a quota that covers only part of a running period", () => {
    const row = quotaRowFigures({
      tally: tally({ achieved: 60, pipeline: 100 }),
      quota: { target: 100, basis: "2026-10 + 2026-11", uncovered: ["2026-12"] },
      elapsed: 0.5,
      pipelineApplies: true,
      weighted: false,
    });
    expect(row).toMatchObject({
      attainmentPct: 60,
      gap: 40,
      expected: null,
      pacingPct: null,
      projection: null,
      coverage: null,
      pipeline: 100,
    });
  });

  it("carries the uncovered months of reps into their group's quota", () => {
    expect(
      groupQuota(undefined, [
        { target: 10, basis: "a", uncovered: ["2026-12"] },
        { target: 5, basis: "b", uncovered: [] },
      ]),
    ).toEqual({ target: 15, basis: "sum of 2 rep quotas", uncovered: ["2026-12"] });
  });
});

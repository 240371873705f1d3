import { describe, expect, it } from "vitest";
import {
  addTallies,
  emptyTally,
  groupQuota,
  quotaRowFigures,
  type Tally,
} from "../../src/domain/quota-rollup.js";
import { UserError } from "../../src/errors.js";

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
          weightedPipeline: 500n,
        }),
        tally({ won: 2, wonAmount: 300, achieved: 300, pipeline: 10, weightedPipeline: 100n }),
      ]),
    ).toEqual({
      won: 3,
      wonAmount: 400,
      lost: 2,
      achieved: 400,
      pipeline: 60,
      weightedPipeline: 600n,
    });
    expect(addTallies([])).toEqual(emptyTally);
  });

  // 2^53 - 1 cents is the largest amount; two of them add up past what a number holds exactly.
  const largest = Number.MAX_SAFE_INTEGER;

  it("adds exactly up to 2^53 - 1 minor units", () => {
    const sum = addTallies([
      tally({ won: 1, wonAmount: largest - 1, achieved: largest - 1, pipeline: largest - 2 }),
      tally({ won: 1, wonAmount: 1, achieved: 1, pipeline: 2 }),
    ]);
    expect(sum).toMatchObject({ wonAmount: largest, achieved: largest, pipeline: largest });
  });

  it("refuses a total past 2^53 - 1 minor units in one line, whichever figure passes it", () => {
    for (const part of [{ wonAmount: largest }, { achieved: largest }, { pipeline: largest }]) {
      expect(() => addTallies([tally(part), tally(part)])).toThrow(
        new UserError(
          "amounts add up to more than 2^53 minor units (90,071,992,547,409.91 USD or EUR), past which totals are not exact",
          "report on fewer deals at once: a shorter period, or one team",
        ),
      );
    }
    expect(() => groupQuota(undefined, [quota(largest), quota(1)])).toThrow(/2\^53 minor units/);
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
    weightedPipeline: 15_000n,
  });

  it("gives win rate, average deal, and coverage from the chosen pipeline", () => {
    const row = quotaRowFigures({
      tally: figures,
      quota: quota(1200),
      elapsed: 0.5,
      pipelineApplies: true,
      money: true,
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
      money: true,
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
        money: true,
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
      money: true,
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
      money: true,
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

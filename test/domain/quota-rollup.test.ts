import { describe, expect, it } from "vitest";
import type { ResolvedQuota } from "../../src/domain/quota-math.js";
import {
  addTallies,
  emptyTally,
  leftOut,
  ownBasis,
  type QuotaPart,
  quotaRowFigures,
  sameQuotaReps,
  sumBasis,
  type Tally,
} from "../../src/domain/quota-rollup.js";
import { UserError } from "../../src/errors.js";

const tally = (part: Partial<Tally>): Tally => ({ ...emptyTally, ...part });
const resolved = (target: number, basis = "2026-10", uncovered: string[] = []): ResolvedQuota => ({
  target,
  basis,
  uncovered,
  covered: [],
});
/** A rep's own quota, with what they did in its time. */
const part = (
  owner: string,
  target: number,
  covered: Partial<Tally> = {},
  options: { elapsed?: number; uncovered?: string[]; reps?: string[] } = {},
): QuotaPart => ({
  owner,
  quota: resolved(target, "2026-Q4", options.uncovered),
  reps: options.reps ?? [owner],
  covered: tally(covered),
  elapsed: options.elapsed ?? 1,
});
const row = (input: {
  members: string[];
  all: Partial<Tally>;
  parts: QuotaPart[];
  elapsed?: number;
  weighted?: boolean;
}) =>
  quotaRowFigures({
    members: input.members,
    all: tally(input.all),
    parts: input.parts,
    basis: null,
    elapsed: input.elapsed ?? 1,
    pipelineApplies: true,
    money: true,
    weighted: input.weighted ?? false,
  });

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
    expect(() =>
      row({ members: ["a", "b"], all: {}, parts: [part("a", largest), part("b", 1)] }),
    ).toThrow(/2\^53 minor units/);
  });

  it("rounds the weighted pipeline and the average deal once, to the minor unit", () => {
    // Three deals of 1 at 50 %: 1.5 rounds half up to 2; 1,000 won in 3 deals: 333.33 -> 333.
    const figures = row({
      members: ["a"],
      all: { won: 3, wonAmount: 1_000, achieved: 1_000, pipeline: 3, weightedPipeline: 150n },
      parts: [],
      elapsed: 0.5,
    });
    expect(figures).toMatchObject({ weightedPipeline: 2, averageDeal: 333 });
  });
});

describe("a row's basis and what it leaves out", () => {
  it.each([
    ["a quota for every rep", [part("a", 100), part("b", 200)], 2, "sum of 2 rep quotas"],
    ["saying how many had one", [part("a", 100)], 6, "sum of 1 rep quota (1 of 6 have one)"],
    ["nobody has one", [], 2, null],
  ])("sumBasis: %s", (_, parts, members, basis) => {
    expect(sumBasis(parts, members)).toBe(basis);
  });

  it("ownBasis names the months a quota lacks, as runs", () => {
    expect(ownBasis(part("a", 100))).toBe("2026-Q4");
    expect(
      ownBasis(part("a", 100, {}, { uncovered: ["2026-01", "2026-02", "2026-03", "2026-10"] })),
    ).toBe("2026-Q4 (no quota for 2026-01 to 2026-03, 2026-10)");
  });

  it.each([
    [
      "nothing, when it covers everyone all the time",
      ["a", "b"],
      [part("a", 1), part("b", 1)],
      null,
    ],
    ["nothing, without a quota", ["a"], [], null],
    ["reps without a quota", ["m", "a", "b", "c"], [part("a", 1)], "m, b, c (no quota)"],
    [
      "the months of a row's own quota",
      ["a", "b"],
      [part("team:x", 1, {}, { reps: ["a", "b"], uncovered: ["2026-11", "2026-12"] })],
      "2026-11 to 2026-12",
    ],
    [
      "both, naming whose months",
      ["a", "b", "c"],
      [part("a", 1, {}, { uncovered: ["2026-12"] }), part("b", 1)],
      "c (no quota); a in 2026-12",
    ],
    [
      "ten names at most",
      ["q", ..."abcdefghijkl"],
      [part("q", 1)],
      "a, b, c, d, e, f, g, h, i, j and 2 more (no quota)",
    ],
  ])("leftOut: %s", (_, members, parts, text) => {
    expect(leftOut(members, parts)).toBe(text);
  });
});

describe("quotaRowFigures: like with like", () => {
  it("with a quota for one rep of six, compares that rep's work with it and shows the rest as uncovered", () => {
    // Six reps won 40,000 between them; only a has a quota (5,000), and won 3,000 of it.
    const figures = row({
      members: ["a", "b", "c", "d", "e", "f"],
      all: { won: 8, wonAmount: 40_000, lost: 2, achieved: 40_000 },
      parts: [part("a", 5_000, { won: 1, wonAmount: 3_000, achieved: 3_000 })],
    });
    expect(figures).toMatchObject({
      quota: 5_000,
      achieved: 3_000,
      uncovered: 37_000,
      attainmentPct: 60,
      gap: 2_000,
      // Deals are the row's: every rep's.
      won: 8,
      lost: 2,
      averageDeal: 5_000,
      winRatePct: 80,
      leftOut: "b, c, d, e, f (no quota)",
      coveredReps: ["a"],
    });
  });

  it("paces through the time the quota covers: a Q3 quota in a year as of mid-August", () => {
    // 37,500 won in Q3 so far, half of Q3 gone; 9,500 won in the first half, which no quota covers.
    const figures = row({
      members: ["a", "b"],
      all: { achieved: 47_000, pipeline: 17_000, weightedPipeline: 170_000n },
      parts: [
        part(
          "team:x",
          40_000,
          { achieved: 37_500, pipeline: 8_000, weightedPipeline: 80_000n },
          { reps: ["a", "b"], elapsed: 0.5, uncovered: ["2026-01"] },
        ),
      ],
      elapsed: 0.62,
    });
    expect(figures).toMatchObject({
      quota: 40_000,
      achieved: 37_500,
      uncovered: 9_500,
      attainmentPct: 93.75,
      expected: 20_000,
      pacingPct: 187.5,
      projection: 75_000,
      gap: 2_500,
      // The pipeline is all of the row's; coverage counts the quota's part of it.
      pipeline: 17_000,
      weightedPipeline: 1_700,
      coverage: 3.2,
    });
  });

  it("weighs each quota's pace by its target, and stops pacing once the quota's time is over", () => {
    // a's quota time is over (elapsed 1), b's half gone: expected = 100 + 300 x 0.5.
    const figures = row({
      members: ["a", "b"],
      all: { achieved: 250 },
      parts: [
        part("a", 100, { achieved: 100 }, { elapsed: 1 }),
        part("b", 300, { achieved: 150 }, { elapsed: 0.5 }),
      ],
      elapsed: 0.75,
    });
    expect(figures).toMatchObject({ expected: 250, pacingPct: 100, projection: 400, gap: 150 });
    const over = row({
      members: ["a"],
      all: { achieved: 100 },
      parts: [part("a", 100, { achieved: 100 }, { elapsed: 1, uncovered: ["2026-12"] })],
      elapsed: 0.75,
    });
    expect(over).toMatchObject({
      expected: null,
      pacingPct: null,
      projection: null,
      coverage: null,
    });
  });

  it("without a quota: everything achieved, paced over the period, no uncovered part", () => {
    expect(
      row({ members: ["a"], all: { achieved: 60, pipeline: 10 }, parts: [], elapsed: 0.5 }),
    ).toMatchObject({
      quota: null,
      achieved: 60,
      uncovered: null,
      attainmentPct: null,
      projection: 120,
      pipeline: 10,
      coverage: null,
      leftOut: null,
    });
  });

  it("gives coverage from the chosen pipeline, and drops pipeline once the period is over", () => {
    const parts = [
      part(
        "a",
        1_200,
        { achieved: 900, pipeline: 600, weightedPipeline: 15_000n },
        { elapsed: 0.5 },
      ),
    ];
    const all = { achieved: 900, pipeline: 600, weightedPipeline: 15_000n };
    expect(row({ members: ["a"], all, parts, elapsed: 0.5 }).coverage).toBe(2);
    expect(row({ members: ["a"], all, parts, elapsed: 0.5, weighted: true }).coverage).toBe(0.5);
    const closed = row({ members: ["a"], all, parts: [part("a", 1_200, all)], elapsed: 1 });
    expect([closed.pipeline, closed.weightedPipeline, closed.coverage]).toEqual([null, null, null]);
  });

  it("leaves rates empty without deals", () => {
    expect(row({ members: ["a"], all: {}, parts: [part("a", 100)] })).toMatchObject({
      averageDeal: null,
      winRatePct: null,
    });
  });
});

describe("sameQuotaReps: whether two periods' attainments compare", () => {
  it.each([
    [["a"], ["a"], true],
    [["a", "b"], ["a"], false],
    [[], [], true],
  ])("%j and %j: %s", (now, before, same) => {
    expect(sameQuotaReps({ coveredReps: now }, { coveredReps: before })).toBe(same);
  });
});

import { describe, expect, it } from "vitest";
import { formatMinutes, percentile } from "../../src/domain/percentiles.js";

describe("percentile (type 7: linear between the closest ranks)", () => {
  it.each([
    [[1, 2, 3, 4], 50, 2.5, "even count: between the middle two"],
    [[4, 1, 3, 2], 50, 2.5, "order of the input does not matter"],
    [[5], 90, 5, "one value is every percentile"],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1, "rank 8.1: 9 + 0.1 x (10 - 9)"],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0, 1, "p0 is the smallest"],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 100, 10, "p100 is the largest"],
    [[-3, 2, -1], 50, -1, "negative numbers sort as numbers"],
    [[100, 20, 3], 50, 20, "as numbers, not as text (text order would put 100 first)"],
    [[0.5, 1e6, 250.25, 7], 50, 128.625, "fractions and large values"],
  ] as const)("%j p%i = %d (%s)", (values, p, expected, _why) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 12);
  });

  it("is undefined without values", () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  it("leaves its input as it was", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("formatMinutes", () => {
  it.each([
    [undefined, "-"],
    [45, "45 min"],
    [89.6, "90 min"],
    [90, "1.5 h"],
    [48 * 60, "2.0 d"],
  ] as const)("%s -> %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});

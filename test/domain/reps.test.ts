import { describe, expect, it } from "vitest";
import { namesRep } from "../../src/domain/reps.js";

describe("namesRep: whether a manager cell means a rep", () => {
  const maria = { handle: "maria-lopes", name: "María Lopes" };
  it.each([
    ["her handle", "maria-lopes", true],
    ["her name, any case and spacing", "  maría lopes ", true],
    ["her name without its accent, as the handle was made from it", "Maria Lopes", true],
    ["someone else", "Mario Lopes", false],
    ["part of her name", "Lopes", false],
  ])("%s: %s", (_, cell, named) => {
    expect(namesRep(cell, maria)).toBe(named);
  });
});

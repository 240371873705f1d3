import { describe, expect, it } from "vitest";
import {
  allowedActions,
  checkAction,
  type LeadAction,
  qualificationTargets,
} from "../../src/domain/lifecycle.js";
import { type Stage, stages } from "../../src/domain/stages.js";

// Every action at every stage, handed off or not: [stage, owned, allowed actions, stage after accept/reject].
const table: [Stage, boolean, LeadAction[]][] = [
  ["lead", false, ["touch"]],
  ["lead", true, ["touch"]],
  ["mql", false, ["handoff", "touch"]],
  ["mql", true, ["handoff", "accept", "reject", "touch"]],
  ["sal", false, ["handoff", "touch"]],
  ["sal", true, ["handoff", "touch"]],
  ["sql", false, ["touch"]],
  ["sql", true, ["touch"]],
  ["opportunity", false, ["touch"]],
  ["opportunity", true, ["touch"]],
  ["customer", false, ["touch"]],
  ["customer", true, ["touch"]],
  ["disqualified", false, []],
  ["disqualified", true, []],
  ["recycled", false, []],
  ["recycled", true, []],
];

describe("lead lifecycle", () => {
  it("covers every stage", () => {
    expect(new Set(table.map(([stage]) => stage))).toEqual(new Set(stages));
  });

  it.each(table)("at %s (handed off: %s) allows %j", (stage, owned, allowed) => {
    expect(allowedActions({ stage, owned })).toEqual(allowed);
    for (const action of ["handoff", "accept", "reject", "touch"] as const) {
      const check = checkAction(action, { stage, owned });
      expect(check.ok).toBe(allowed.includes(action));
      if (!check.ok) {
        expect(check.why.length).toBeGreaterThan(10);
        expect(check.allowed).toEqual(allowed);
      }
    }
  });

  it("accept leads to sal and reject to recycled; handoff and touch keep the stage", () => {
    expect(checkAction("accept", { stage: "mql", owned: true })).toEqual({ ok: true, to: "sal" });
    expect(checkAction("reject", { stage: "mql", owned: true })).toEqual({
      ok: true,
      to: "recycled",
    });
    expect(checkAction("handoff", { stage: "mql", owned: false })).toEqual({ ok: true, to: null });
    expect(checkAction("touch", { stage: "sql", owned: true })).toEqual({ ok: true, to: null });
  });

  it("says why accepting a lead never handed off is refused", () => {
    const check = checkAction("accept", { stage: "mql", owned: false });
    expect(check).toEqual({
      ok: false,
      why: "this MQL was never handed off to a rep, so there is nothing to accept",
      allowed: ["handoff", "touch"],
    });
  });
});

describe("qualification", () => {
  it.each([
    ["lead", ["mql", "disqualified"]],
    ["mql", ["disqualified"]],
    ["sal", ["sql", "disqualified"]],
    ["sql", ["disqualified"]],
    ["opportunity", []],
    ["customer", []],
    ["disqualified", []],
    ["recycled", ["mql", "disqualified"]],
  ] as const)("from %s can go to %j", (stage, targets) => {
    expect(qualificationTargets(stage)).toEqual(targets);
  });
});

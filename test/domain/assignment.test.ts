import { describe, expect, it } from "vitest";
import {
  assignLeads,
  type Candidate,
  emptyRotation,
  type RotationState,
  type Strategy,
} from "../../src/domain/assignment.js";

const rep = (handle: string, extra: Partial<Candidate> = {}): Candidate => ({
  handle,
  weight: 1,
  capacity: null,
  openLeads: 0,
  territory: null,
  ...extra,
});
const leads = (count: number, country: string | null = null, start = 1) =>
  Array.from({ length: count }, (_, index) => ({ id: start + index, country }));

/** Runs the strategy over several runs, carrying the rotation like the database does. */
function runs(strategy: Strategy, reps: Candidate[], sizes: number[]): Map<string | null, number> {
  let state: RotationState = emptyRotation;
  const counts = new Map<string | null, number>();
  let next = 1;
  for (const size of sizes) {
    const result = assignLeads(leads(size, null, next), reps, strategy, state);
    next += size;
    state = result.state;
    for (const assignment of result.assignments)
      counts.set(assignment.handle, (counts.get(assignment.handle) ?? 0) + 1);
  }
  return counts;
}

describe("round-robin", () => {
  it("is fair across runs of any size: the rotation goes on where it stopped", () => {
    const counts = runs("round-robin", [rep("ana"), rep("ben"), rep("cy")], [1, 1, 2, 5, 1, 2, 3]);
    expect(Object.fromEntries(counts)).toEqual({ ana: 5, ben: 5, cy: 5 });
  });

  it("goes in handle order and continues after the last handle, even when reps change", () => {
    const first = assignLeads(
      leads(2),
      [rep("ana"), rep("ben"), rep("cy")],
      "round-robin",
      emptyRotation,
    );
    expect(first.assignments.map((a) => a.handle)).toEqual(["ana", "ben"]);
    const second = assignLeads(
      leads(2),
      [rep("ana"), rep("bea"), rep("cy")],
      "round-robin",
      first.state,
    );
    // "bea" sorts before "ben", the last to get a lead: the rotation goes on with "cy".
    expect(second.assignments.map((a) => a.handle)).toEqual(["cy", "ana"]);
  });
});

describe("weighted", () => {
  it("gives leads in proportion to weight, across runs", () => {
    const counts = runs(
      "weighted",
      [rep("ana", { weight: 3 }), rep("ben", { weight: 1 })],
      [3, 5, 7, 1, 4],
    );
    expect(Object.fromEntries(counts)).toEqual({ ana: 15, ben: 5 });
  });

  it("interleaves rather than bunching (smooth weighted round-robin)", () => {
    const result = assignLeads(
      leads(4),
      [rep("ana", { weight: 3 }), rep("ben", { weight: 1 })],
      "weighted",
      emptyRotation,
    );
    expect(result.assignments.map((a) => a.handle)).toEqual(["ana", "ana", "ben", "ana"]);
  });

  it("never picks a rep of weight 0", () => {
    const counts = runs("weighted", [rep("ana"), rep("zero", { weight: 0 })], [10]);
    expect(Object.fromEntries(counts)).toEqual({ ana: 10 });
  });
});

describe("least-loaded", () => {
  it("fills the emptiest rep first, counting what this run assigned", () => {
    const result = assignLeads(
      leads(4),
      [rep("ana", { openLeads: 5 }), rep("ben", { openLeads: 2 }), rep("cy", { openLeads: 3 })],
      "least-loaded",
      emptyRotation,
    );
    expect(result.assignments.map((a) => a.handle)).toEqual(["ben", "ben", "cy", "ben"]);
  });
});

describe("territory", () => {
  const reps = [
    rep("ana", { territory: "BR, PT" }),
    rep("ben", { territory: "US" }),
    rep("cy", { territory: "us" }),
  ];

  it("sends a lead to a rep covering its country, rotating among them", () => {
    const result = assignLeads(
      [...leads(1, "PT"), ...leads(3, "us", 2)],
      reps,
      "territory",
      emptyRotation,
    );
    expect(result.assignments.map((a) => a.handle)).toEqual(["ana", "ben", "cy", "ben"]);
    expect(result.assignments[0]?.why).toBe("territory: covers PT");
  });

  it("falls back to round-robin over everyone when nobody covers the country", () => {
    const result = assignLeads(leads(2, "JP"), reps, "territory", emptyRotation);
    expect(result.assignments.map((a) => a.handle)).toEqual(["ana", "ben"]);
    expect(result.assignments[0]?.why).toBe(
      "territory: no rep with room covers JP; round-robin instead",
    );
  });
});

describe("capacity", () => {
  it.each(["round-robin", "weighted", "least-loaded", "territory"] as const)(
    "%s never puts a rep over capacity, and leaves leads unassigned when all are full",
    (strategy) => {
      const result = assignLeads(
        leads(6, "BR"),
        [rep("ana", { capacity: 2, openLeads: 1, territory: "BR" }), rep("ben", { capacity: 2 })],
        strategy,
        emptyRotation,
      );
      const handles = result.assignments.map((a) => a.handle);
      expect(handles.filter((handle) => handle === "ana")).toHaveLength(1);
      expect(handles.filter((handle) => handle === "ben")).toHaveLength(2);
      expect(handles.filter((handle) => handle === null)).toHaveLength(3);
      expect(result.assignments.at(-1)?.why).toBe(
        "no active rep has room (all at capacity or none active)",
      );
    },
  );
});

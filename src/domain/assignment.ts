/**
 * Handoff assignment: which rep gets which lead, and why. Pure: the rotation state comes in
 * and goes out, so the caller stores it and fairness holds across runs.
 */
export const strategies = ["round-robin", "weighted", "least-loaded", "territory"] as const;
export type Strategy = (typeof strategies)[number];

export interface Candidate {
  readonly handle: string;
  readonly weight: number;
  readonly capacity: number | null;
  /** Open leads the rep holds before this run. */
  readonly openLeads: number;
  /** Comma-separated countries or regions, matched case-insensitively against a lead's country. */
  readonly territory: string | null;
}

export interface LeadToAssign {
  readonly id: number;
  readonly country: string | null;
}

export interface RotationState {
  /** The handle that got the last lead (round-robin, territory), so the next run goes on after it. */
  readonly lastHandle: string | null;
  /** Smooth weighted round-robin's running scores, by handle. */
  readonly weightedScores: Readonly<Record<string, number>>;
}

export interface Assignment {
  readonly leadId: number;
  readonly handle: string | null;
  readonly why: string;
}

export const emptyRotation: RotationState = { lastHandle: null, weightedScores: {} };

export function assignLeads(
  leads: readonly LeadToAssign[],
  candidates: readonly Candidate[],
  strategy: Strategy,
  state: RotationState,
): { assignments: Assignment[]; state: RotationState } {
  const reps = [...candidates].sort((a, b) => a.handle.localeCompare(b.handle));
  const load = new Map(reps.map((rep) => [rep.handle, rep.openLeads]));
  const scores: Record<string, number> = { ...state.weightedScores };
  let lastHandle = state.lastHandle;
  const hasRoom = (rep: Candidate) =>
    rep.capacity === null || (load.get(rep.handle) ?? 0) < rep.capacity;
  const capNote = (rep: Candidate) =>
    rep.capacity === null ? "" : `; ${load.get(rep.handle)}/${rep.capacity} open after this`;

  const nextInRotation = (pool: readonly Candidate[]): Candidate | undefined => {
    if (pool.length === 0) return undefined;
    const after =
      lastHandle === null
        ? -1
        : pool.findIndex((rep) => rep.handle.localeCompare(lastHandle as string) > 0);
    return after === -1 ? pool[0] : pool[after];
  };

  const assignments = leads.map((lead): Assignment => {
    const open = reps.filter(hasRoom);
    if (open.length === 0) {
      return {
        leadId: lead.id,
        handle: null,
        why: "no active rep has room (all at capacity or none active)",
      };
    }
    let chosen: Candidate | undefined;
    let why: string;
    switch (strategy) {
      case "round-robin":
        chosen = nextInRotation(open);
        why = `round-robin: next after ${lastHandle ?? "the start"}`;
        break;
      case "weighted": {
        const weighted = open.filter((rep) => rep.weight > 0);
        if (weighted.length === 0)
          return { leadId: lead.id, handle: null, why: "no rep with room has a weight above 0" };
        const total = weighted.reduce((sum, rep) => sum + rep.weight, 0);
        for (const rep of weighted) scores[rep.handle] = (scores[rep.handle] ?? 0) + rep.weight;
        chosen = weighted.reduce((best, rep) =>
          (scores[rep.handle] ?? 0) > (scores[best.handle] ?? 0) ? rep : best,
        );
        scores[chosen.handle] = (scores[chosen.handle] ?? 0) - total;
        why = `weighted: weight ${chosen.weight} of ${total}`;
        break;
      }
      case "least-loaded":
        chosen = open.reduce((best, rep) =>
          (load.get(rep.handle) ?? 0) < (load.get(best.handle) ?? 0) ? rep : best,
        );
        why = `least-loaded: ${load.get(chosen.handle)} open lead(s), the fewest`;
        break;
      case "territory": {
        const country = lead.country?.trim().toLowerCase() ?? "";
        const covering = open.filter((rep) => covers(rep.territory, country));
        if (covering.length > 0) {
          chosen = nextInRotation(covering);
          why = `territory: covers ${lead.country}`;
        } else {
          chosen = nextInRotation(open);
          why = `territory: no rep with room covers ${lead.country ?? "an unknown country"}; round-robin instead`;
        }
        break;
      }
    }
    if (chosen === undefined) return { leadId: lead.id, handle: null, why: "no rep could take it" };
    lastHandle = chosen.handle;
    load.set(chosen.handle, (load.get(chosen.handle) ?? 0) + 1);
    return { leadId: lead.id, handle: chosen.handle, why: `${why}${capNote(chosen)}` };
  });
  return { assignments, state: { lastHandle, weightedScores: scores } };
}

function covers(territory: string | null, country: string): boolean {
  if (territory === null || country === "") return false;
  return territory
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .includes(country);
}

import type { Stage } from "./stages.js";

/** What someone can do to a lead by hand; imports follow `importMovesStage` instead. */
export type LeadAction = "handoff" | "accept" | "reject" | "touch";

export interface LeadState {
  readonly stage: Stage;
  /** Whether the lead is assigned to a rep (a handoff happened and was not rejected). */
  readonly owned: boolean;
}

export type ActionCheck =
  | { ok: true; to: Stage | null }
  | { ok: false; why: string; allowed: readonly LeadAction[] };

const actions = ["handoff", "accept", "reject", "touch"] as const;

/** Which actions a lead allows now, in the order a person would take them. */
export function allowedActions(lead: LeadState): LeadAction[] {
  return actions.filter((action) => verdict(action, lead).ok);
}

/**
 * Whether `action` is allowed on a lead in `lead`'s state, and the stage it leads to
 * (null: the stage does not change). A refusal says why; `allowed` says what would be.
 */
export function checkAction(action: LeadAction, lead: LeadState): ActionCheck {
  const result = verdict(action, lead);
  if (result.ok) return { ok: true, to: result.to };
  return { ok: false, why: result.why, allowed: allowedActions(lead) };
}

type Verdict = { ok: true; to: Stage | null } | { ok: false; why: string };

function verdict(action: LeadAction, lead: LeadState): Verdict {
  const refuse = (why: string): Verdict => ({ ok: false, why });
  switch (action) {
    case "handoff":
      // Handing an accepted lead to another rep is a reassignment, allowed too.
      if (lead.stage === "mql" || lead.stage === "sal") return { ok: true, to: null };
      return refuse(
        `only MQLs (or accepted leads, to reassign them) can be handed off; this one is at ${lead.stage}`,
      );
    case "accept":
    case "reject":
      if (lead.stage !== "mql") {
        return refuse(
          `only an MQL handed off to a rep can be ${action}ed; this one is at ${lead.stage}`,
        );
      }
      if (!lead.owned)
        return refuse(`this MQL was never handed off to a rep, so there is nothing to ${action}`);
      return { ok: true, to: action === "accept" ? "sal" : "recycled" };
    case "touch":
      if (lead.stage === "disqualified" || lead.stage === "recycled") {
        return refuse(`this lead is ${lead.stage}; qualify it again before working it`);
      }
      return { ok: true, to: null };
  }
}

/**
 * Where qualification can take a lead: marketing qualifies new (or recycled) leads into MQLs,
 * sales qualifies accepted leads into SQLs; a lead can be disqualified until it has a deal.
 */
export function qualificationTargets(stage: Stage): Stage[] {
  switch (stage) {
    case "lead":
    case "recycled":
      return ["mql", "disqualified"];
    case "sal":
      return ["sql", "disqualified"];
    case "mql":
    case "sql":
      return ["disqualified"];
    default:
      return [];
  }
}

import { qualificationTargets } from "../domain/lifecycle.js";
import type { Stage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import { type StoredLead, setLeadStageAndOwner } from "../store/leads.js";
import { insertStageEvent } from "../store/stage-events.js";
import type { Store } from "../store/store.js";
import { requireLead } from "./decisions.js";

export interface QualifyDecision {
  readonly as: Stage;
  readonly reason?: string | undefined;
  readonly note?: string | undefined;
  /** Answers to the qualification questions, by question key. */
  readonly answers?: Readonly<Record<string, string>>;
  readonly actor: string;
  readonly at: Date;
}

/**
 * Records one qualification decision (its own transaction, so an interrupted session keeps
 * every decision already taken): the stage moves, and the event keeps reason, answers and note.
 */
export async function qualifyLead(
  store: Store,
  reference: string,
  decision: QualifyDecision,
): Promise<{ lead: StoredLead; from: Stage; to: Stage }> {
  return store.write(async (tx) => {
    const lead = await requireLead(tx, reference);
    const targets = qualificationTargets(lead.stage);
    if (!targets.includes(decision.as)) {
      const allowed =
        targets.length === 0 ? "none: it is past qualification" : targets.join(" or ");
      throw new UserError(
        `cannot qualify lead ${lead.id} (${lead.email ?? lead.external_id}) as ${decision.as}: it is at ${lead.stage}`,
        `allowed from ${lead.stage}: ${allowed}${decision.as === "sql" && lead.stage === "mql" ? " (sales accepts it first: funnel accept)" : ""}`,
      );
    }
    const reason = decision.reason?.trim() || null;
    if (decision.as === "disqualified" && reason === null) {
      throw new UserError("disqualifying needs a reason", 'pass --reason "..." (e.g. "no budget")');
    }
    const at = decision.at.toISOString();
    await setLeadStageAndOwner(tx, lead.id, decision.as, lead.owner, at);
    await insertStageEvent(tx, {
      leadId: lead.id,
      from: lead.stage,
      to: decision.as,
      at,
      actor: decision.actor,
      reason,
      details: { answers: decision.answers ?? {}, note: decision.note?.trim() || null },
    });
    return { lead, from: lead.stage, to: decision.as };
  });
}

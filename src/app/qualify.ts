import { qualificationTargets } from "../domain/lifecycle.js";
import type { Stage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { type StoredLead, setLeadStageAndOwner } from "../store/leads-store.js";
import { insertStageEventWithDetails } from "../store/stage-events-store.js";
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
export function qualifyLead(
  db: Db,
  reference: string,
  decision: QualifyDecision,
): { lead: StoredLead; from: Stage; to: Stage } {
  return db
    .transaction(() => {
      const lead = requireLead(db, reference);
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
        throw new UserError(
          "disqualifying needs a reason",
          'pass --reason "..." (e.g. "no budget")',
        );
      }
      const at = decision.at.toISOString();
      setLeadStageAndOwner(db, lead.id, decision.as, lead.owner, at);
      insertStageEventWithDetails(db, {
        leadId: lead.id,
        from: lead.stage,
        to: decision.as,
        at,
        actor: decision.actor,
        reason,
        details: { answers: decision.answers ?? {}, note: decision.note?.trim() || null },
      });
      return { lead, from: lead.stage, to: decision.as };
    })
    .immediate();
}

import { checkAction, type LeadAction } from "../domain/lifecycle.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { latestHandoff } from "../store/handoffs-store.js";
import { findLead, type StoredLead, setLeadStageAndOwner } from "../store/leads-store.js";
import type { Rep } from "../store/reps-store.js";
import { insertStageEventRows } from "../store/stage-events-store.js";
import { insertTouch, type Touch } from "../store/touches-store.js";
import { requireRep } from "./reps.js";

export function requireLead(db: Db, reference: string): StoredLead {
  const lead = findLead(db, reference);
  if (lead === undefined) {
    throw new UserError(
      `no lead "${reference}"`,
      "give a lead id, email or external id (see funnel leads)",
    );
  }
  return lead;
}

/** Whether the lead's owner got it through a handoff (an owner copied from a CRM did not). */
function isHandedOff(db: Db, lead: StoredLead): boolean {
  return lead.owner !== null && latestHandoff(db, lead.id)?.rep_handle === lead.owner;
}

/** Refuses an action the lead's stage does not allow, saying what would be allowed. */
export function requireAllowed(db: Db, action: LeadAction, lead: StoredLead) {
  const check = checkAction(action, { stage: lead.stage, owned: isHandedOff(db, lead) });
  if (!check.ok) {
    const allowed =
      check.allowed.length === 0
        ? "none of handoff, accept, reject or touch"
        : check.allowed.join(", ");
    throw new UserError(
      `cannot ${action} lead ${lead.id} (${lead.email ?? lead.external_id}): ${check.why}`,
      `allowed now: ${allowed}`,
    );
  }
  return check;
}

/** The acting rep: `--by`, else the lead's owner; only the owner may decide on a handoff. */
function actingOwner(db: Db, lead: StoredLead, by: string | undefined, action: string): Rep {
  const owner = requireRep(db, lead.owner as string);
  if (by !== undefined && by.toLowerCase() !== owner.handle) {
    requireRep(db, by);
    throw new UserError(
      `lead ${lead.id} was handed to ${owner.handle}; only they can ${action} it`,
      `run it as --by ${owner.handle}`,
    );
  }
  return owner;
}

export interface DecisionResult {
  readonly lead: StoredLead;
  readonly rep: string;
  readonly from: string;
  readonly to: string;
}

/** Sales accepts a handed-off MQL: it becomes a SAL. */
export function acceptLead(
  db: Db,
  reference: string,
  options: { by?: string | undefined; at: Date },
): DecisionResult {
  return db
    .transaction(() => {
      const lead = requireLead(db, reference);
      requireAllowed(db, "accept", lead);
      const rep = actingOwner(db, lead, options.by, "accept");
      const at = options.at.toISOString();
      setLeadStageAndOwner(db, lead.id, "sal", rep.handle, at);
      insertStageEventRows(db, [lead.id, lead.stage, "sal", at, rep.handle, null, null]);
      return { lead, rep: rep.handle, from: lead.stage, to: "sal" };
    })
    .immediate();
}

/** Sales rejects a handed-off MQL back to marketing: recycled, owner cleared, reason kept. */
export function rejectLead(
  db: Db,
  reference: string,
  options: { by?: string | undefined; reason: string; at: Date },
): DecisionResult {
  const reason = options.reason.trim();
  if (reason === "")
    throw new UserError(
      "a rejection needs a reason",
      'pass --reason "..." (e.g. "no budget", "student")',
    );
  return db
    .transaction(() => {
      const lead = requireLead(db, reference);
      requireAllowed(db, "reject", lead);
      const rep = actingOwner(db, lead, options.by, "reject");
      const at = options.at.toISOString();
      setLeadStageAndOwner(db, lead.id, "recycled", null, at);
      insertStageEventRows(db, [lead.id, lead.stage, "recycled", at, rep.handle, reason, null]);
      return { lead, rep: rep.handle, from: lead.stage, to: "recycled" };
    })
    .immediate();
}

/** Logs an activity on a lead, by `--by` or its owner. */
export function touchLead(
  db: Db,
  reference: string,
  options: { kind: Touch["kind"]; by?: string | undefined; at: Date; note?: string | undefined },
): { lead: StoredLead; rep: string; at: string } {
  return db
    .transaction(() => {
      const lead = requireLead(db, reference);
      requireAllowed(db, "touch", lead);
      const handle = options.by ?? lead.owner;
      if (handle === null) {
        throw new UserError(
          `lead ${lead.id} has no owner, so who touched it is unknown`,
          "pass --by <rep handle>",
        );
      }
      const rep = requireRep(db, handle);
      const at = options.at.toISOString();
      insertTouch(db, {
        leadId: lead.id,
        repId: rep.id,
        kind: options.kind,
        at,
        note: options.note?.trim() || null,
      });
      return { lead, rep: rep.handle, at };
    })
    .immediate();
}

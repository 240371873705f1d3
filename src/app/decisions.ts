import { checkAction, type LeadAction } from "../domain/lifecycle.js";
import { UserError } from "../errors.js";
import { latestHandoff } from "../store/handoffs.js";
import { findLead, type StoredLead, setLeadStageAndOwner } from "../store/leads.js";
import type { Rep } from "../store/reps.js";
import { insertStageEvent } from "../store/stage-events.js";
import type { ReadTx, Store } from "../store/store.js";
import { insertTouch, type Touch } from "../store/touches.js";
import { requireRep } from "./reps.js";

export async function requireLead(tx: ReadTx, reference: string): Promise<StoredLead> {
  const lead = await findLead(tx, reference);
  if (lead === undefined) {
    throw new UserError(
      `no lead "${reference}"`,
      "give a lead id, email or external id (see funnel leads)",
    );
  }
  return lead;
}

/** Whether the lead's owner got it through a handoff (an owner copied from a CRM did not). */
async function isHandedOff(tx: ReadTx, lead: StoredLead): Promise<boolean> {
  return lead.owner !== null && (await latestHandoff(tx, lead.id))?.rep_handle === lead.owner;
}

/** Refuses an action the lead's stage does not allow, saying what would be allowed. */
export async function requireAllowed(tx: ReadTx, action: LeadAction, lead: StoredLead) {
  const check = checkAction(action, { stage: lead.stage, owned: await isHandedOff(tx, lead) });
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
async function actingOwner(
  tx: ReadTx,
  lead: StoredLead,
  by: string | undefined,
  action: string,
): Promise<Rep> {
  const owner = await requireRep(tx, lead.owner as string);
  if (by !== undefined && by.toLowerCase() !== owner.handle) {
    await requireRep(tx, by);
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
export async function acceptLead(
  store: Store,
  reference: string,
  options: { by?: string | undefined; at: Date },
): Promise<DecisionResult> {
  return store.write(async (tx) => {
    const lead = await requireLead(tx, reference);
    await requireAllowed(tx, "accept", lead);
    const rep = await actingOwner(tx, lead, options.by, "accept");
    const at = options.at.toISOString();
    await setLeadStageAndOwner(tx, lead.id, "sal", rep.handle, at);
    await insertStageEvent(tx, {
      leadId: lead.id,
      from: lead.stage,
      to: "sal",
      at,
      actor: rep.handle,
      reason: null,
    });
    return { lead, rep: rep.handle, from: lead.stage, to: "sal" };
  });
}

/** Sales rejects a handed-off MQL back to marketing: recycled, owner cleared, reason kept. */
export async function rejectLead(
  store: Store,
  reference: string,
  options: { by?: string | undefined; reason: string; at: Date },
): Promise<DecisionResult> {
  const reason = options.reason.trim();
  if (reason === "")
    throw new UserError(
      "a rejection needs a reason",
      'pass --reason "..." (e.g. "no budget", "student")',
    );
  return store.write(async (tx) => {
    const lead = await requireLead(tx, reference);
    await requireAllowed(tx, "reject", lead);
    const rep = await actingOwner(tx, lead, options.by, "reject");
    const at = options.at.toISOString();
    await setLeadStageAndOwner(tx, lead.id, "recycled", null, at);
    await insertStageEvent(tx, {
      leadId: lead.id,
      from: lead.stage,
      to: "recycled",
      at,
      actor: rep.handle,
      reason,
    });
    return { lead, rep: rep.handle, from: lead.stage, to: "recycled" };
  });
}

/** Logs an activity on a lead, by `--by` or its owner. */
export async function touchLead(
  store: Store,
  reference: string,
  options: { kind: Touch["kind"]; by?: string | undefined; at: Date; note?: string | undefined },
): Promise<{ lead: StoredLead; rep: string; at: string }> {
  return store.write(async (tx) => {
    const lead = await requireLead(tx, reference);
    await requireAllowed(tx, "touch", lead);
    const handle = options.by ?? lead.owner;
    if (handle === null) {
      throw new UserError(
        `lead ${lead.id} has no owner, so who touched it is unknown`,
        "pass --by <rep handle>",
      );
    }
    const rep = await requireRep(tx, handle);
    const at = options.at.toISOString();
    await insertTouch(tx, {
      leadId: lead.id,
      repId: rep.id,
      kind: options.kind,
      at,
      note: options.note?.trim() || null,
    });
    return { lead, rep: rep.handle, at };
  });
}

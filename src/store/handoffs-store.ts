import { type Db, prepared } from "./database.js";

export interface HandoffRecord {
  readonly id: number;
  readonly lead_id: number;
  readonly rep_id: number;
  readonly rep_handle: string;
  readonly at: string;
  readonly strategy: string;
  readonly explanation: string | null;
  readonly actor: string;
  /** The first touch of the lead at or after the handoff, if any. */
  readonly first_touch_at: string | null;
}

const selectHandoffs = `SELECT h.id, h.lead_id, h.rep_id, r.handle AS rep_handle, h.at, h.strategy, h.explanation,
    h.actor, (SELECT min(t.at) FROM touches t WHERE t.lead_id = h.lead_id AND t.at >= h.at) AS first_touch_at
  FROM handoffs h JOIN reps r ON r.id = h.rep_id`;

export function insertHandoff(
  db: Db,
  handoff: {
    leadId: number;
    repId: number;
    at: string;
    strategy: string;
    explanation: string | null;
    actor: string;
  },
): void {
  prepared(
    db,
    "INSERT INTO handoffs (lead_id, rep_id, at, strategy, explanation, actor) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(
    handoff.leadId,
    handoff.repId,
    handoff.at,
    handoff.strategy,
    handoff.explanation,
    handoff.actor,
  );
}

export function handoffsOfRep(db: Db, repId: number): HandoffRecord[] {
  return prepared(db, `${selectHandoffs} WHERE h.rep_id = ? ORDER BY h.at`).all(
    repId,
  ) as HandoffRecord[];
}

export function handoffsOfLead(db: Db, leadId: number): HandoffRecord[] {
  return prepared(db, `${selectHandoffs} WHERE h.lead_id = ? ORDER BY h.at, h.id`).all(
    leadId,
  ) as HandoffRecord[];
}

/** The latest handoff of a lead: whose it is now, and since when. */
export function latestHandoff(db: Db, leadId: number): HandoffRecord | undefined {
  return prepared(
    db,
    `${selectHandoffs} WHERE h.lead_id = ? ORDER BY h.at DESC, h.id DESC LIMIT 1`,
  ).get(leadId) as HandoffRecord | undefined;
}

export interface AssignmentSpread {
  readonly handle: string;
  readonly team: string | null;
  readonly role: string;
  readonly active: number;
  readonly weight: number;
  readonly handoffs: number;
  readonly accepted: number;
  readonly rejected: number;
}

/**
 * Handoffs per rep in [from, to), with what the rep decided on them since (an accept or a
 * reject by that rep after the handoff). Reps without handoffs are listed too.
 */
export function assignmentSpread(db: Db, from: string, to: string): AssignmentSpread[] {
  return prepared(
    db,
    `SELECT r.handle, r.team, r.role, r.active, r.weight, count(h.id) AS handoffs,
       coalesce(sum(EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = h.lead_id AND e.actor = r.handle
         AND e.from_stage = 'mql' AND e.to_stage = 'sal' AND e.at >= h.at)), 0) AS accepted,
       coalesce(sum(EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = h.lead_id AND e.actor = r.handle
         AND e.from_stage = 'mql' AND e.to_stage = 'recycled' AND e.at >= h.at)), 0) AS rejected
     FROM reps r LEFT JOIN handoffs h ON h.rep_id = r.id AND h.at >= @from AND h.at < @to
     GROUP BY r.id ORDER BY r.handle`,
  ).all({ from, to }) as AssignmentSpread[];
}

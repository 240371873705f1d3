import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

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

export async function insertHandoff(
  tx: WriteTx,
  handoff: {
    leadId: number;
    repId: number;
    at: string;
    strategy: string;
    explanation: string | null;
    actor: string;
  },
): Promise<void> {
  await sql(tx).run(
    "INSERT INTO handoffs (lead_id, rep_id, at, strategy, explanation, actor) VALUES (?, ?, ?, ?, ?, ?)",
    [
      handoff.leadId,
      handoff.repId,
      handoff.at,
      handoff.strategy,
      handoff.explanation,
      handoff.actor,
    ],
  );
}

export function handoffsOfRep(tx: ReadTx, repId: number): Promise<HandoffRecord[]> {
  return sql(tx).all<HandoffRecord>(`${selectHandoffs} WHERE h.rep_id = ? ORDER BY h.at`, [repId]);
}

export function handoffsOfLead(tx: ReadTx, leadId: number): Promise<HandoffRecord[]> {
  return sql(tx).all<HandoffRecord>(`${selectHandoffs} WHERE h.lead_id = ? ORDER BY h.at, h.id`, [
    leadId,
  ]);
}

/** The latest handoff of a lead: whose it is now, and since when. */
export function latestHandoff(tx: ReadTx, leadId: number): Promise<HandoffRecord | undefined> {
  return sql(tx).get<HandoffRecord>(
    `${selectHandoffs} WHERE h.lead_id = ? ORDER BY h.at DESC, h.id DESC LIMIT 1`,
    [leadId],
  );
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
export function assignmentSpread(
  tx: ReadTx,
  from: string,
  to: string,
): Promise<AssignmentSpread[]> {
  return sql(tx).all<AssignmentSpread>(
    `SELECT r.handle, r.team, r.role, r.active, r.weight, count(h.id) AS handoffs,
       coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = h.lead_id AND e.actor = r.handle
         AND e.from_stage = 'mql' AND e.to_stage = 'sal' AND e.at >= h.at) THEN 1 ELSE 0 END), 0) AS accepted,
       coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = h.lead_id AND e.actor = r.handle
         AND e.from_stage = 'mql' AND e.to_stage = 'recycled' AND e.at >= h.at) THEN 1 ELSE 0 END), 0) AS rejected
     FROM reps r LEFT JOIN handoffs h ON h.rep_id = r.id AND h.at >= @from AND h.at < @to
     GROUP BY r.id ORDER BY r.handle`,
    { from, to },
  );
}

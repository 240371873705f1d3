import { sql } from "./engine.js";
import type { ReadTx } from "./store.js";

/** A deal open at some moment, as it stood then. */
export interface OpenDealAsOf {
  readonly id: number;
  readonly external_id: string | null;
  readonly name: string | null;
  readonly account: string | null;
  readonly owner: string;
  readonly team: string | null;
  /** Minor units; null when the deal has no amount yet. */
  readonly amount: number | null;
  /** The stage it was at then: its last event's, else its current one. */
  readonly stage: string;
  readonly opened_at: string;
  /** Its last event (opened, moved) at or before the moment; null when it has none. */
  readonly last_event_at: string | null;
}

/**
 * Deals open at `asOf` (opened at or before it, not closed at or before it), each with the
 * stage and amount it had then and its last stage change by then, from its last event.
 */
export async function openDealsAsOf(tx: ReadTx, asOf: string): Promise<OpenDealAsOf[]> {
  const deals = await sql(tx).all<OpenDealAsOf>(
    `SELECT d.id, d.external_id, d.name, d.account, r.handle AS owner, r.team,
       CASE WHEN e.id IS NULL THEN d.amount ELSE e.amount END AS amount,
       coalesce(e.to_stage, d.stage) AS stage,
       d.opened_at, e.at AS last_event_at
     FROM deals d JOIN reps r ON r.id = d.owner_id
     LEFT JOIN deal_events e ON e.id = (SELECT last.id FROM deal_events last
       WHERE last.deal_id = d.id AND last.at <= @asOf ORDER BY last.at DESC, last.id DESC LIMIT 1)
     WHERE d.opened_at <= @asOf AND (d.closed_at IS NULL OR d.closed_at > @asOf)`,
    { asOf },
  );
  // In id order (the report's sums add up in that order), sorted here: ORDER BY d.id made the
  // planner scan every deal in id order instead of taking the open ones from deals_closed.
  return deals.sort((a, b) => a.id - b.id);
}

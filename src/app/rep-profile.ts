import { percentile } from "../domain/percentiles.js";
import type { Db } from "../store/database.js";
import { listDeals, type StoredDeal } from "../store/deals-store.js";
import { handoffsOfRep } from "../store/handoffs-store.js";
import { openLeadsOf, type StoredLead } from "../store/leads-store.js";
import type { Rep } from "../store/reps-store.js";
import { requireRep } from "./reps.js";

export interface SpeedToLead {
  readonly handoffs: number;
  readonly touched: number;
  /** Minutes from handoff to first touch, over the handoffs that were touched. */
  readonly p50Minutes: number | undefined;
  readonly p90Minutes: number | undefined;
}

export interface RepProfile {
  readonly rep: Rep;
  readonly openLeads: readonly StoredLead[];
  readonly speedToLead: SpeedToLead;
  readonly openDeals: readonly StoredDeal[];
}

/** A rep, the leads and deals they hold open, and how fast they follow up on handoffs. */
export function repProfile(db: Db, handle: string): RepProfile {
  const rep = requireRep(db, handle);
  const handoffs = handoffsOfRep(db, rep.id);
  const minutes = handoffs
    .filter((handoff) => handoff.first_touch_at !== null)
    .map(
      (handoff) => (Date.parse(handoff.first_touch_at as string) - Date.parse(handoff.at)) / 60_000,
    );
  return {
    rep,
    openLeads: openLeadsOf(db, rep.handle),
    openDeals: listDeals(db, { ownerId: rep.id, status: "open" }, undefined),
    speedToLead: {
      handoffs: handoffs.length,
      touched: minutes.length,
      p50Minutes: percentile(minutes, 50),
      p90Minutes: percentile(minutes, 90),
    },
  };
}

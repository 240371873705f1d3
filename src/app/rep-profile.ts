import { percentile } from "../domain/percentiles.js";
import { listDeals, type StoredDeal } from "../store/deals.js";
import { handoffsOfRep } from "../store/handoffs.js";
import { openLeadsOf, type StoredLead } from "../store/leads.js";
import type { Rep } from "../store/reps.js";
import type { ReadTx } from "../store/store.js";
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
export async function repProfile(tx: ReadTx, handle: string): Promise<RepProfile> {
  const rep = await requireRep(tx, handle);
  const handoffs = await handoffsOfRep(tx, rep.id);
  const minutes = handoffs
    .filter((handoff) => handoff.first_touch_at !== null)
    .map(
      (handoff) => (Date.parse(handoff.first_touch_at as string) - Date.parse(handoff.at)) / 60_000,
    );
  return {
    rep,
    openLeads: await openLeadsOf(tx, rep.handle),
    openDeals: await listDeals(tx, { ownerId: rep.id, status: "open" }, undefined),
    speedToLead: {
      handoffs: handoffs.length,
      touched: minutes.length,
      p50Minutes: percentile(minutes, 50),
      p90Minutes: percentile(minutes, 90),
    },
  };
}

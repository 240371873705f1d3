import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

export interface Touch {
  readonly id: number;
  readonly lead_id: number;
  readonly rep_handle: string | null;
  readonly kind: "call" | "email" | "meeting" | "demo";
  readonly at: string;
  readonly note: string | null;
}

export async function insertTouch(
  tx: WriteTx,
  touch: {
    leadId: number;
    repId: number | null;
    kind: Touch["kind"];
    at: string;
    note: string | null;
  },
): Promise<void> {
  await sql(tx).run(
    "INSERT INTO touches (lead_id, rep_id, kind, at, note) VALUES (?, ?, ?, ?, ?)",
    [touch.leadId, touch.repId, touch.kind, touch.at, touch.note],
  );
}

export function touchesOfLead(tx: ReadTx, leadId: number): Promise<Touch[]> {
  return sql(tx).all<Touch>(
    `SELECT t.id, t.lead_id, r.handle AS rep_handle, t.kind, t.at, t.note
     FROM touches t LEFT JOIN reps r ON r.id = t.rep_id WHERE t.lead_id = ? ORDER BY t.at, t.id`,
    [leadId],
  );
}

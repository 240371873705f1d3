import type { RepRole } from "../domain/reps.js";
import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

export interface Rep {
  readonly id: number;
  readonly handle: string;
  readonly name: string;
  readonly email: string | null;
  readonly role: RepRole;
  readonly team: string | null;
  readonly territory: string | null;
  /** A rep handle, or the name of a manager who is not a rep (from a reps CSV). */
  readonly manager: string | null;
  readonly active: boolean;
  readonly weight: number;
  readonly capacity: number | null;
  readonly created_at: string;
}

export type RepFields = Omit<Rep, "id" | "created_at">;

interface RepRow extends Omit<Rep, "active"> {
  active: number;
  batch_id?: number | null;
}

const toRep = ({ batch_id: _batch, ...row }: RepRow): Rep => ({ ...row, active: row.active === 1 });

export async function insertRep(
  tx: WriteTx,
  rep: RepFields,
  createdAt: string,
  batchId: number | null = null,
): Promise<Rep> {
  const row = await sql(tx).get<RepRow>(
    `INSERT INTO reps (handle, name, email, role, team, territory, manager, active, weight, capacity, created_at, batch_id)
     VALUES (@handle, @name, @email, @role, @team, @territory, @manager, @active, @weight, @capacity, @createdAt, @batchId)
     RETURNING *`,
    { ...rep, active: rep.active ? 1 : 0, createdAt, batchId },
  );
  return toRep(row as RepRow);
}

export async function updateRep(tx: WriteTx, id: number, rep: RepFields): Promise<void> {
  await sql(tx).run(
    `UPDATE reps SET handle = @handle, name = @name, email = @email, role = @role, team = @team,
       territory = @territory, manager = @manager, active = @active, weight = @weight, capacity = @capacity
     WHERE id = @id`,
    { ...rep, active: rep.active ? 1 : 0, id },
  );
}

export async function getRepById(tx: ReadTx, id: number): Promise<Rep | undefined> {
  const row = await sql(tx).get<RepRow>("SELECT * FROM reps WHERE id = ?", [id]);
  return row === undefined ? undefined : toRep(row);
}

export async function findRepByHandle(tx: ReadTx, handle: string): Promise<Rep | undefined> {
  const row = await sql(tx).get<RepRow>("SELECT * FROM reps WHERE handle = ?", [
    handle.toLowerCase(),
  ]);
  return row === undefined ? undefined : toRep(row);
}

export async function listReps(
  tx: ReadTx,
  filter: { team?: string | undefined; activeOnly?: boolean } = {},
): Promise<Rep[]> {
  const rows = await sql(tx).all<RepRow>(
    `SELECT * FROM reps WHERE (CAST(@team AS TEXT) IS NULL OR lower(team) = lower(@team)) AND (@activeOnly = 0 OR active = 1)
     ORDER BY team NULLS FIRST, handle`,
    { team: filter.team ?? null, activeOnly: filter.activeOnly === true ? 1 : 0 },
  );
  return rows.map(toRep);
}

/** Per owner (a rep handle), how many of the leads they hold are still open. */
export async function openLeadCounts(tx: ReadTx): Promise<Map<string, number>> {
  const rows = await sql(tx).all<{ owner: string; open: number }>(
    `SELECT owner, count(*) AS open FROM leads
     WHERE owner IS NOT NULL AND stage NOT IN ('customer', 'disqualified', 'recycled') GROUP BY owner`,
  );
  return new Map(rows.map((row) => [row.owner, row.open]));
}

/** What uses the reps batch `batchId` created, outside the batch (a few). */
export function laterUseOfBatchReps(
  tx: ReadTx,
  batchId: number,
): Promise<{ handle: string; what: string }[]> {
  return sql(tx).all(
    `WITH created AS (SELECT id, handle FROM reps WHERE batch_id = @batch)
     SELECT c.handle, 'a deal' AS what FROM deals d JOIN created c ON c.id = d.owner_id
       WHERE d.batch_id IS NULL OR d.batch_id <> @batch
     UNION ALL SELECT c.handle, 'a handoff' FROM handoffs h JOIN created c ON c.id = h.rep_id
     UNION ALL SELECT c.handle, 'a touch' FROM touches t JOIN created c ON c.id = t.rep_id
     UNION ALL SELECT c.handle, 'a quota' FROM quotas q JOIN created c ON c.id = q.rep_id
     UNION ALL SELECT c.handle, 'a report (rep ' || r.handle || ')' FROM reps r JOIN created c ON c.handle = r.manager
     LIMIT 5`,
    { batch: batchId },
  );
}

export async function deleteRepsOfBatch(tx: WriteTx, batchId: number): Promise<number> {
  return (await sql(tx).run("DELETE FROM reps WHERE batch_id = ?", [batchId])).changes;
}

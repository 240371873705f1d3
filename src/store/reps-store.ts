// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import type { RepRole } from "../domain/reps.js";
import { type Db, prepared } from "./database.js";

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

/** Adds a rep; `batchId` when an import created them (a revert of it removes them). */
export function insertRep(
  db: Db,
  rep: RepFields,
  createdAt: string,
  batchId: number | null = null,
): Rep {
  const result = prepared(
    db,
    `INSERT INTO reps (handle, name, email, role, team, territory, manager, active, weight, capacity, created_at, batch_id)
     VALUES (@handle, @name, @email, @role, @team, @territory, @manager, @active, @weight, @capacity, @createdAt, @batchId)`,
  ).run({ ...rep, active: rep.active ? 1 : 0, createdAt, batchId });
  return getRepById(db, Number(result.lastInsertRowid)) as Rep;
}

export function updateRep(db: Db, id: number, rep: RepFields): void {
  prepared(
    db,
    `UPDATE reps SET handle = @handle, name = @name, email = @email, role = @role, team = @team,
       territory = @territory, manager = @manager, active = @active, weight = @weight, capacity = @capacity
     WHERE id = @id`,
  ).run({ ...rep, active: rep.active ? 1 : 0, id });
}

export function getRepById(db: Db, id: number): Rep | undefined {
  const row = prepared(db, "SELECT * FROM reps WHERE id = ?").get(id) as RepRow | undefined;
  return row === undefined ? undefined : toRep(row);
}

export function findRepByHandle(db: Db, handle: string): Rep | undefined {
  const row = prepared(db, "SELECT * FROM reps WHERE handle = ?").get(handle.toLowerCase()) as
    | RepRow
    | undefined;
  return row === undefined ? undefined : toRep(row);
}

export function listReps(
  db: Db,
  filter: { team?: string | undefined; activeOnly?: boolean } = {},
): Rep[] {
  const rows = prepared(
    db,
    `SELECT * FROM reps WHERE (@team IS NULL OR lower(team) = lower(@team)) AND (@activeOnly = 0 OR active = 1)
     ORDER BY team, handle`,
  ).all({ team: filter.team ?? null, activeOnly: filter.activeOnly === true ? 1 : 0 }) as RepRow[];
  return rows.map(toRep);
}

/** Open leads (not customer, disqualified or recycled) per rep handle. */
export function openLeadCounts(db: Db): Map<string, number> {
  const rows = prepared(
    db,
    `SELECT owner, count(*) AS open FROM leads
     WHERE owner IS NOT NULL AND stage NOT IN ('customer', 'disqualified', 'recycled') GROUP BY owner`,
  ).all() as { owner: string; open: number }[];
  return new Map(rows.map((row) => [row.owner, row.open]));
}

/**
 * What refers to reps batch `batchId` created, from outside it (deals, handoffs, touches,
 * quotas, reports to them): removing those reps would orphan it.
 */
export function laterUseOfBatchReps(db: Db, batchId: number): { handle: string; what: string }[] {
  return prepared(
    db,
    `WITH created AS (SELECT id, handle FROM reps WHERE batch_id = @batch)
     SELECT c.handle, 'a deal' AS what FROM deals d JOIN created c ON c.id = d.owner_id
       WHERE d.batch_id IS NULL OR d.batch_id <> @batch
     UNION ALL SELECT c.handle, 'a handoff' FROM handoffs h JOIN created c ON c.id = h.rep_id
     UNION ALL SELECT c.handle, 'a touch' FROM touches t JOIN created c ON c.id = t.rep_id
     UNION ALL SELECT c.handle, 'a quota' FROM quotas q JOIN created c ON c.id = q.rep_id
     UNION ALL SELECT c.handle, 'a report (rep ' || r.handle || ')' FROM reps r JOIN created c ON c.handle = r.manager
     LIMIT 5`,
  ).all({ batch: batchId }) as { handle: string; what: string }[];
}

export function deleteRepsOfBatch(db: Db, batchId: number): number {
  return prepared(db, "DELETE FROM reps WHERE batch_id = ?").run(batchId).changes;
}

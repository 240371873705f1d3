import { isValidHandle, namesRep, type RepRole } from "../domain/reps.js";
import { UserError } from "../errors.js";
import {
  findRepByHandle,
  insertRep,
  listReps,
  type Rep,
  type RepFields,
  updateRep,
} from "../store/reps.js";
import type { ReadTx, Store, WriteTx } from "../store/store.js";

export interface RepChanges {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly role?: RepRole | undefined;
  readonly team?: string | undefined;
  readonly territory?: string | undefined;
  readonly manager?: string | undefined;
  readonly weight?: number | undefined;
  readonly capacity?: number | undefined;
}

/** The rep with this handle, or a clear error naming where to look. */
export async function requireRep(tx: ReadTx, handle: string): Promise<Rep> {
  const rep = await findRepByHandle(tx, handle);
  if (rep === undefined) {
    throw new UserError(`there is no rep "${handle}"`, "see the reps with: funnel rep list");
  }
  return rep;
}

async function checkManager(
  tx: ReadTx,
  handle: string,
  manager: string | undefined,
): Promise<void> {
  if (manager === undefined) return;
  if (manager.toLowerCase() === handle)
    throw new UserError(`rep "${handle}" cannot be their own manager`);
  await requireRep(tx, manager);
}

/** A rep just added, and the reps that named them as manager before they were one. */
export interface AddedRep extends Rep {
  readonly reports: readonly string[];
}

export async function addRep(
  store: Store,
  handle: string,
  changes: RepChanges,
  now: Date,
): Promise<AddedRep> {
  const normalised = handle.trim().toLowerCase();
  if (!isValidHandle(normalised)) {
    throw new UserError(
      `"${handle}" is not a valid handle`,
      "use lower-case letters, digits, '.', '_' and '-', e.g. ana-souza",
    );
  }
  if (changes.role === undefined)
    throw new UserError(
      `rep "${normalised}" needs a role`,
      "pass --role sdr|ae|am|cs|manager|marketing",
    );
  return store.write(async (tx) => {
    if ((await findRepByHandle(tx, normalised)) !== undefined) {
      throw new UserError(
        `rep "${normalised}" exists already`,
        `change it with: funnel rep update ${normalised} ...`,
      );
    }
    await checkManager(tx, normalised, changes.manager);
    const fields: RepFields = {
      handle: normalised,
      name: changes.name ?? normalised,
      email: changes.email?.trim().toLowerCase() ?? null,
      role: changes.role as RepRole,
      team: changes.team ?? null,
      territory: changes.territory ?? null,
      manager: changes.manager?.toLowerCase() ?? null,
      active: true,
      weight: changes.weight ?? 1,
      capacity: changes.capacity ?? null,
    };
    const rep = await insertRep(tx, fields, now.toISOString());
    const reports = await linkNamedReports(tx, rep, await listReps(tx));
    return { ...rep, reports: reports.map((report) => report.handle) };
  });
}

/**
 * Reps added before their manager was a rep name them by name: of `candidates`, those whose
 * manager cell names `manager` report to them now (stored by handle). `rep add` and a reps
 * import both link this way. Returns the reps it linked.
 */
export async function linkNamedReports(
  tx: WriteTx,
  manager: Rep,
  candidates: readonly Rep[],
): Promise<Rep[]> {
  const reports = linkedReports(manager, candidates);
  for (const report of reports)
    await updateRep(tx, report.id, { ...report, manager: manager.handle });
  return reports;
}

/** Of `candidates`, the reps whose manager cell names `manager` by name (see linkNamedReports). */
export function linkedReports(manager: Rep, candidates: readonly Rep[]): Rep[] {
  return candidates.filter(
    (other) =>
      other.id !== manager.id &&
      other.manager !== null &&
      other.manager !== manager.handle &&
      namesRep(other.manager, manager),
  );
}

export async function changeRep(store: Store, handle: string, changes: RepChanges): Promise<Rep> {
  return store.write(async (tx) => {
    const rep = await requireRep(tx, handle);
    await checkManager(tx, rep.handle, changes.manager);
    const next: RepFields = {
      ...rep,
      name: changes.name ?? rep.name,
      email: changes.email?.trim().toLowerCase() ?? rep.email,
      role: changes.role ?? rep.role,
      team: changes.team ?? rep.team,
      territory: changes.territory ?? rep.territory,
      manager: changes.manager?.toLowerCase() ?? rep.manager,
      weight: changes.weight ?? rep.weight,
      capacity: changes.capacity ?? rep.capacity,
    };
    await updateRep(tx, rep.id, next);
    return await requireRep(tx, rep.handle);
  });
}

/** Marks a rep active or not (on leave): inactive reps get no new leads. */
export async function setRepActive(
  store: Store,
  handle: string,
  active: boolean,
): Promise<{ rep: Rep; changed: boolean }> {
  return store.write(async (tx) => {
    const rep = await requireRep(tx, handle);
    if (rep.active === active) return { rep, changed: false };
    await updateRep(tx, rep.id, { ...rep, active });
    return { rep: await requireRep(tx, handle), changed: true };
  });
}

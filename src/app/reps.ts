import { isValidHandle, namesRep, type RepRole } from "../domain/reps.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import {
  findRepByHandle,
  insertRep,
  listReps,
  type Rep,
  type RepFields,
  updateRep,
} from "../store/reps-store.js";

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
export function requireRep(db: Db, handle: string): Rep {
  const rep = findRepByHandle(db, handle);
  if (rep === undefined) {
    throw new UserError(`there is no rep "${handle}"`, "see the reps with: funnel rep list");
  }
  return rep;
}

function checkManager(db: Db, handle: string, manager: string | undefined): void {
  if (manager === undefined) return;
  if (manager.toLowerCase() === handle)
    throw new UserError(`rep "${handle}" cannot be their own manager`);
  requireRep(db, manager);
}

/** A rep just added, and the reps that named them as manager before they were one. */
export interface AddedRep extends Rep {
  readonly reports: readonly string[];
}

export function addRep(db: Db, handle: string, changes: RepChanges, now: Date): AddedRep {
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
  return db
    .transaction(() => {
      if (findRepByHandle(db, normalised) !== undefined) {
        throw new UserError(
          `rep "${normalised}" exists already`,
          `change it with: funnel rep update ${normalised} ...`,
        );
      }
      checkManager(db, normalised, changes.manager);
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
      const rep = insertRep(db, fields, now.toISOString());
      const reports = linkReports(db, rep, listReps(db));
      return { ...rep, reports: reports.map((report) => report.handle) };
    })
    .immediate();
}

/**
 * Reps added before their manager was a rep name them by name: of `candidates`, those whose
 * manager cell names `manager` report to them now (stored by handle). `rep add` and a reps
 * import both link this way. Returns the reps it linked.
 */
export function linkReports(db: Db, manager: Rep, candidates: readonly Rep[]): Rep[] {
  const reports = candidates.filter(
    (other) =>
      other.id !== manager.id &&
      other.manager !== null &&
      other.manager !== manager.handle &&
      namesRep(other.manager, manager),
  );
  for (const report of reports) updateRep(db, report.id, { ...report, manager: manager.handle });
  return reports;
}

export function changeRep(db: Db, handle: string, changes: RepChanges): Rep {
  return db
    .transaction(() => {
      const rep = requireRep(db, handle);
      checkManager(db, rep.handle, changes.manager);
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
      updateRep(db, rep.id, next);
      return requireRep(db, rep.handle);
    })
    .immediate();
}

/** Marks a rep active or not (on leave): inactive reps get no new leads. */
export function setRepActive(
  db: Db,
  handle: string,
  active: boolean,
): { rep: Rep; changed: boolean } {
  return db
    .transaction(() => {
      const rep = requireRep(db, handle);
      if (rep.active === active) return { rep, changed: false };
      updateRep(db, rep.id, { ...rep, active });
      return { rep: requireRep(db, handle), changed: true };
    })
    .immediate();
}

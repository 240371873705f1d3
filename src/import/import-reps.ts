import { linkNamedReports } from "../app/reps.js";
import { handleFromName, type RepRole, uniqueHandle } from "../domain/reps.js";
import { insertRep, listReps, type Rep, type RepFields, updateRep } from "../store/reps.js";
import type { Store } from "../store/store.js";
import { type BatchContext, importBatch, type RowTally, type RowWriter } from "./import-batch.js";
import type { ImportCounts } from "./import-counts.js";
import type { RepRow } from "./rep-format.js";

/** The role of a new rep whose row gives none and no --role was passed. */
export const defaultRepRole: RepRole = "ae";

export interface ImportRepsOptions {
  readonly file: string;
  readonly map?: readonly string[] | undefined;
  /** `--role`: for rows that have none (else `defaultRepRole` for new reps). */
  readonly role?: RepRole | undefined;
  readonly dateFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly now?: () => Date;
  readonly signal?: AbortSignal | undefined;
}

export interface ImportRepsSummary extends ImportCounts {
  readonly kind: "reps";
  /** New reps whose row had no role, added as `defaultRepRole`. */
  readonly defaultRole: { readonly role: RepRole; readonly reps: number };
  /** Reps that named a manager by name, linked to the manager this import added. */
  readonly linked: readonly { readonly manager: string; readonly reps: readonly string[] }[];
}

/**
 * Imports a team kept in a spreadsheet as one batch (see importBatch). Reps are matched by
 * handle, else by email, else by name; a row without a handle gets one from the name (`Ana
 * Souza` → `ana-souza`, made unique). A manager who is a rep is stored by handle; one who is not
 * is kept by name, and linked once the import (or `rep add`) brings them in.
 */
export async function importReps(
  store: Store,
  options: ImportRepsOptions,
): Promise<ImportRepsSummary> {
  let writer: RepRowWriter | undefined;
  const summary = await importBatch(store, {
    kind: "reps",
    file: options.file,
    map: options.map,
    dateFormat: options.dateFormat,
    delimiter: options.delimiter,
    options: { role: options.role },
    rejects: options.rejects,
    dryRun: options.dryRun === true,
    now: options.now ?? (() => new Date()),
    signal: options.signal,
    settings: async () => ({ kind: "reps" }),
    writer: async (context) => {
      writer = new RepRowWriter(context, options.role, await listReps(context.tx));
      return writer;
    },
  });
  const applied = summary.applied ? writer : undefined;
  return {
    ...summary,
    kind: "reps",
    defaultRole: { role: defaultRepRole, reps: applied?.defaultRoles ?? 0 },
    linked:
      applied === undefined
        ? []
        : [...applied.linked].map(([manager, reps]) => ({ manager, reps })),
  };
}

class RepRowWriter implements RowWriter {
  defaultRoles = 0;
  readonly linked = new Map<string, string[]>();
  // Looked up for every row: an index, not a fresh list of all reps per row (which made a
  // 20,000-row file run for minutes).
  private readonly index: RepIndex;

  constructor(
    private readonly context: BatchContext,
    private readonly role: RepRole | undefined,
    reps: readonly Rep[],
  ) {
    this.index = new RepIndex(reps);
  }

  async write(values: unknown, _lines: readonly number[], tally: RowTally): Promise<void> {
    for (const row of values as RepRow[]) tally.count(await this.apply(row));
  }

  private async apply(row: RepRow): Promise<"inserted" | "updated" | "unchanged"> {
    const { index } = this;
    const { tx } = this.context;
    const { name, email } = row;
    const role = row.role ?? this.role;
    const existing =
      (row.handle === undefined ? undefined : index.withHandle(row.handle)) ??
      (email === undefined ? undefined : index.first(index.withEmail(email))) ??
      // By name only when no email tells two namesakes apart.
      (row.handle === undefined && name !== undefined
        ? index.first(index.named(name).filter((rep) => email === undefined || rep.email === null))
        : undefined);
    const manager = row.manager === undefined ? undefined : managerHandleOrName(index, row.manager);
    if (existing !== undefined) {
      const next: RepFields = {
        ...existing,
        name: name ?? existing.name,
        email: email ?? existing.email,
        role: role ?? existing.role,
        team: row.team ?? existing.team,
        territory: row.territory ?? existing.territory,
        manager: manager ?? existing.manager,
      };
      const changed = (Object.keys(next) as (keyof RepFields)[]).some(
        (key) => next[key] !== existing[key],
      );
      if (!changed) return "unchanged";
      await updateRep(tx, existing.id, next);
      index.replace(existing, { ...existing, ...next });
      return "updated";
    }
    if (role === undefined) this.defaultRoles++;
    const handle =
      row.handle ??
      uniqueHandle(
        handleFromName(name as string),
        (candidate) => index.withHandle(candidate) !== undefined,
      );
    const inserted = await insertRep(
      tx,
      {
        handle,
        name: name ?? handle,
        email: email ?? null,
        role: role ?? defaultRepRole,
        team: row.team ?? null,
        territory: row.territory ?? null,
        manager: manager ?? null,
        active: true,
        weight: 1,
        capacity: null,
      },
      this.context.importedAt,
    );
    index.add(inserted);
    // Reps that named this one as their manager before they were a rep report to them now.
    const reports = await linkNamedReports(tx, inserted, index.namingManager(inserted));
    for (const report of reports) index.replace(report, { ...report, manager: inserted.handle });
    if (reports.length > 0)
      this.linked.set(inserted.handle, [
        ...(this.linked.get(inserted.handle) ?? []),
        ...reports.map((report) => report.handle),
      ]);
    return "inserted";
  }
}

/** A manager who is a rep (by handle or name) is stored by handle; anyone else by name. */
function managerHandleOrName(index: RepIndex, text: string): string {
  const lower = text.toLowerCase();
  const byHandle = index.withHandle(lower);
  return (
    index.first([...(byHandle === undefined ? [] : [byHandle]), ...index.named(lower)])?.handle ??
    text
  );
}

/**
 * The reps of the database by email, lower-cased name and handle, kept up to date as rows are
 * applied. `first` picks what the first match in `listReps` order (team, then handle) was.
 */
class RepIndex {
  private readonly byId = new Map<number, Rep>();
  private readonly byEmail = new Map<string, Set<number>>();
  private readonly byName = new Map<string, Set<number>>();
  private readonly byHandle = new Map<string, number>();
  /** By the words their manager cell may name a rep by (see namesRep). */
  private readonly byManager = new Map<string, Set<number>>();

  constructor(reps: readonly Rep[]) {
    for (const rep of reps) this.add(rep);
  }

  add(rep: Rep): void {
    this.byId.set(rep.id, rep);
    if (rep.email !== null) addTo(this.byEmail, rep.email, rep.id);
    addTo(this.byName, rep.name.toLowerCase(), rep.id);
    this.byHandle.set(rep.handle, rep.id);
    for (const key of managerKeys(rep)) addTo(this.byManager, key, rep.id);
  }

  replace(before: Rep, after: Rep): void {
    const stored = this.byId.get(before.id);
    if (stored !== undefined) {
      if (stored.email !== null) this.byEmail.get(stored.email)?.delete(stored.id);
      this.byName.get(stored.name.toLowerCase())?.delete(stored.id);
      this.byHandle.delete(stored.handle);
      for (const key of managerKeys(stored)) this.byManager.get(key)?.delete(stored.id);
    }
    this.add(after);
  }

  /** The reps whose manager cell may name `rep` (namesRep decides). */
  namingManager(rep: Rep): Rep[] {
    const ids = new Set<number>();
    for (const key of [rep.handle, rep.name.trim().toLowerCase()])
      for (const id of this.byManager.get(key) ?? []) ids.add(id);
    return this.reps(ids);
  }

  withEmail(email: string): Rep[] {
    return this.reps(this.byEmail.get(email));
  }

  named(name: string): Rep[] {
    return this.reps(this.byName.get(name.toLowerCase()));
  }

  withHandle(handle: string): Rep | undefined {
    const id = this.byHandle.get(handle);
    return id === undefined ? undefined : this.byId.get(id);
  }

  first(reps: readonly Rep[]): Rep | undefined {
    let best: Rep | undefined;
    for (const rep of reps) if (best === undefined || listOrder(rep, best) < 0) best = rep;
    return best;
  }

  private reps(ids: Set<number> | undefined): Rep[] {
    if (ids === undefined) return [];
    return [...ids].map((id) => this.byId.get(id)).filter((rep) => rep !== undefined);
  }
}

/** What a rep's manager cell can name someone by: as written, and as a handle made from it. */
function managerKeys(rep: Rep): string[] {
  return rep.manager === null
    ? []
    : [rep.manager.trim().toLowerCase(), handleFromName(rep.manager)];
}

function addTo(map: Map<string, Set<number>>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids === undefined) map.set(key, new Set([id]));
  else ids.add(id);
}

/** `ORDER BY team, handle` as SQLite sorts it: no team first. */
function listOrder(a: Rep, b: Rep): number {
  if (a.team !== b.team) {
    if (a.team === null) return -1;
    if (b.team === null) return 1;
    return a.team < b.team ? -1 : 1;
  }
  return a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0;
}

import { basename, resolve } from "node:path";
import { withoutExportEscapes } from "../csv/formula-cells.js";
import { columnList } from "../csv/parse-options.js";
import { sniffCsvFile } from "../csv/sniff.js";
import { isValidEmail, normaliseEmail } from "../domain/email.js";
import { headerKey } from "../domain/header-mapping.js";
import {
  handleFromName,
  isValidHandle,
  parseRole,
  type RepRole,
  repRoles,
  uniqueHandle,
} from "../domain/reps.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { createImportBatch, finishImportBatch } from "../store/import-batches-store.js";
import {
  findRepByHandle,
  insertRep,
  listReps,
  type Rep,
  type RepFields,
  updateRep,
} from "../store/reps-store.js";
import { runInTransaction } from "../store/transaction.js";
import { fingerprint, readCsvRecords } from "./csv-batch.js";
import { defaultRejectsPath, RejectsFile } from "./rejects-file.js";

type RepColumn = "name" | "handle" | "role" | "team" | "territory" | "manager" | "email";

const repHeaders: Record<RepColumn, readonly string[]> = {
  name: ["name", "fullname", "repname", "salesrep", "rep", "employee", "owner"],
  handle: ["handle", "username", "alias", "login", "userid"],
  role: ["role", "title", "jobtitle", "position"],
  team: ["team", "squad", "group", "teamname"],
  territory: ["territory", "region", "country", "area", "geo"],
  manager: ["manager", "reportsto", "managername", "lead", "teamlead"],
  email: ["email", "emailaddress", "mail", "workemail"],
};

export interface ImportRepsOptions {
  readonly file: string;
  readonly role?: RepRole | undefined;
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean;
  readonly now?: () => Date;
}

export interface ImportRepsSummary {
  readonly batchId: number | undefined;
  readonly file: string;
  readonly dryRun: boolean;
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectsFile: string | undefined;
  readonly reasons: readonly { line: number; reason: string }[];
  /** Columns that are no rep field: reps keep no attributes, so these are not imported. */
  readonly warnings: readonly string[];
}

/**
 * Imports a team kept in a spreadsheet. Reps are matched by handle, else by email, else by
 * name; a row without a handle gets one from the name (`Ana Souza` → `ana-souza`, made
 * unique). A manager who is a rep is stored by handle; one who is not is kept by name.
 */
export async function importReps(db: Db, options: ImportRepsOptions): Promise<ImportRepsSummary> {
  const now = options.now ?? (() => new Date());
  const importedAt = now().toISOString();
  const dryRun = options.dryRun ?? false;
  const facts = sniffCsvFile(options.file);
  // The same checks as every import: UTF-8 without NUL bytes, quotes that close, bounded records.
  const { sha256 } = await fingerprint(options.file);
  let rejects: RejectsFile | undefined;
  let committed = false;
  try {
    const summary = await runInTransaction(db, { rollback: dryRun }, async () => {
      const batchId = createImportBatch(db, {
        kind: "reps",
        fileName: basename(options.file),
        filePath: resolve(options.file),
        fileSize: facts.size,
        options: { role: options.role, delimiter: facts.delimiter },
        startedAt: importedAt,
      });
      const counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
      const reasons: { line: number; reason: string }[] = [];
      let columns: Partial<Record<RepColumn, number>> | undefined;
      let warnings: string[] = [];
      // Looked up for every row: an index, not a fresh list of all reps per row (which made a
      // 20,000-row file run for minutes).
      const index = new RepIndex(listReps(db));
      for await (const { cells, line } of readCsvRecords(options.file, facts.delimiter)) {
        if (columns === undefined) {
          const headers = withoutExportEscapes(cells);
          columns = mapRepHeaders(headers);
          const used = new Set(Object.values(columns));
          warnings = headers.flatMap((header, index) =>
            used.has(index)
              ? []
              : [
                  `column "${header.trim() || `column ${index + 1}`}" is not a rep field (${Object.keys(repHeaders).join(", ")}); it is ignored`,
                ],
          );
          if (columns.name === undefined && columns.handle === undefined) {
            throw new UserError(
              `${options.file}: no column holds a rep's name or handle`,
              `call a column Name or Handle (columns: ${columnList(cells)})`,
            );
          }
          if (!dryRun)
            rejects = new RejectsFile(options.rejects ?? defaultRejectsPath(options.file), cells);
          continue;
        }
        counts.rowsRead++;
        const result = applyRepRow(
          db,
          index,
          withoutExportEscapes(cells),
          columns,
          options.role,
          importedAt,
        );
        if ("reject" in result) {
          counts.rejected++;
          reasons.push({ line, reason: result.reject });
          rejects?.add(cells, line, result.reject);
        } else counts[result.outcome]++;
      }
      if (columns === undefined)
        throw new UserError(
          `${options.file} has no header row`,
          "the first line must name the columns",
        );
      finishImportBatch(db, batchId, {
        ...counts,
        sha256,
        fileSize: facts.size,
        finishedAt: now().toISOString(),
      });
      return {
        batchId: dryRun ? undefined : batchId,
        file: options.file,
        dryRun,
        ...counts,
        rejectsFile: rejects?.close(),
        reasons,
        warnings,
      };
    });
    committed = true;
    rejects?.publish();
    return summary;
  } catch (error) {
    if (!committed) rejects?.discard();
    throw error;
  }
}

function mapRepHeaders(headers: readonly string[]): Partial<Record<RepColumn, number>> {
  const columns: Partial<Record<RepColumn, number>> = {};
  headers.forEach((header, index) => {
    const key = headerKey(header);
    for (const [column, synonyms] of Object.entries(repHeaders) as [
      RepColumn,
      readonly string[],
    ][]) {
      if (columns[column] === undefined && synonyms.includes(key)) {
        columns[column] = index;
        return;
      }
    }
  });
  return columns;
}

function applyRepRow(
  db: Db,
  index: RepIndex,
  cells: readonly string[],
  columns: Partial<Record<RepColumn, number>>,
  defaultRole: RepRole | undefined,
  importedAt: string,
): { outcome: "inserted" | "updated" | "unchanged" } | { reject: string } {
  const cell = (column: RepColumn) => {
    const index = columns[column];
    const value = index === undefined ? "" : (cells[index] ?? "").trim();
    return value === "" ? undefined : value;
  };
  const name = cell("name");
  let handle = cell("handle")?.toLowerCase();
  if (name === undefined && handle === undefined) return { reject: "no name or handle" };
  if (handle !== undefined && !isValidHandle(handle))
    return { reject: `invalid handle "${handle}" (lower-case letters, digits, . _ -)` };
  const email = cell("email") === undefined ? undefined : normaliseEmail(cell("email") as string);
  if (email !== undefined && !isValidEmail(email)) return { reject: `invalid email "${email}"` };
  const roleText = cell("role");
  const role = roleText === undefined ? defaultRole : parseRole(roleText);
  const existing =
    (handle === undefined ? undefined : findRepByHandle(db, handle)) ??
    (email === undefined ? undefined : index.first(index.withEmail(email))) ??
    // By name only when no email tells two namesakes apart.
    (handle === undefined && name !== undefined
      ? index.first(index.named(name).filter((rep) => email === undefined || rep.email === null))
      : undefined);
  if (role === undefined && existing === undefined) {
    return {
      reject:
        roleText === undefined
          ? `no role (add a Role column or pass --role ${repRoles.join("|")})`
          : `unknown role "${roleText}" (known: ${repRoles.join(", ")})`,
    };
  }
  const managerText = cell("manager");
  const manager = managerText === undefined ? undefined : managerHandleOrName(index, managerText);
  if (existing !== undefined) {
    const next: RepFields = {
      ...existing,
      name: name ?? existing.name,
      email: email ?? existing.email,
      role: role ?? existing.role,
      team: cell("team") ?? existing.team,
      territory: cell("territory") ?? existing.territory,
      manager: manager ?? existing.manager,
    };
    const changed = (Object.keys(next) as (keyof RepFields)[]).some(
      (key) => next[key] !== existing[key],
    );
    if (!changed) return { outcome: "unchanged" };
    updateRep(db, existing.id, next);
    index.replace(existing, { ...existing, ...next });
    return { outcome: "updated" };
  }
  handle ??= uniqueHandle(
    handleFromName(name as string),
    (candidate) => findRepByHandle(db, candidate) !== undefined,
  );
  const inserted = insertRep(
    db,
    {
      handle,
      name: name ?? handle,
      email: email ?? null,
      role: role as RepRole,
      team: cell("team") ?? null,
      territory: cell("territory") ?? null,
      manager: manager ?? null,
      active: true,
      weight: 1,
      capacity: null,
    },
    importedAt,
  );
  index.add(inserted);
  return { outcome: "inserted" };
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

  constructor(reps: readonly Rep[]) {
    for (const rep of reps) this.add(rep);
  }

  add(rep: Rep): void {
    this.byId.set(rep.id, rep);
    if (rep.email !== null) addTo(this.byEmail, rep.email, rep.id);
    addTo(this.byName, rep.name.toLowerCase(), rep.id);
    this.byHandle.set(rep.handle, rep.id);
  }

  replace(before: Rep, after: Rep): void {
    const stored = this.byId.get(before.id);
    if (stored !== undefined) {
      if (stored.email !== null) this.byEmail.get(stored.email)?.delete(stored.id);
      this.byName.get(stored.name.toLowerCase())?.delete(stored.id);
      this.byHandle.delete(stored.handle);
    }
    this.add(after);
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

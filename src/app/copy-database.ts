/**
 * `funnel db copy`: a whole database moved to another store, either engine to either (a team
 * moving its file up to PostgreSQL, or a copy of the shared database to work on offline).
 * All or nothing: the target is written in one transaction, checked table by table against the
 * source (rows and digest) before that transaction commits.
 */
import { existsSync } from "node:fs";
import { InterruptedError, UserError } from "../errors.js";
import { removeDatabaseFiles } from "../files/private-files.js";
import {
  type CopiedTable,
  checkTables,
  copyTables,
  type TableCheck,
  tableRowCounts,
  tablesWithData,
} from "../store/database-copy.js";
import {
  type Engine,
  isPostgresTarget,
  type OpenStoreOptions,
  openStore,
  printableLocation,
  type Store,
} from "../store/store.js";

export interface CopyOptions {
  readonly from: string;
  readonly to: string;
  readonly env: NodeJS.ProcessEnv;
  readonly open?: OpenStoreOptions;
  /** Told the rows copied so far out of all. */
  readonly progress?: ((copied: number, total: number) => void) | undefined;
  /** Ctrl-C: the copy stops at its next page, and nothing is committed. */
  readonly signal?: AbortSignal | undefined;
}

export interface CopyResult {
  readonly from: { readonly location: string; readonly engine: Engine };
  readonly to: { readonly location: string; readonly engine: Engine };
  /** Per table: rows and digest, the same on both sides. */
  readonly tables: readonly TableCheck[];
}

export async function copyDatabase(options: CopyOptions): Promise<CopyResult> {
  const { from, to, env } = options;
  if (!isPostgresTarget(from) && !existsSync(from))
    throw new UserError(
      `there is no database at ${from}; nothing was copied`,
      "pass the database to copy to --from",
    );
  const [fromLocation, toLocation] = await Promise.all([
    printableLocation(from, env),
    printableLocation(to, env),
  ]);
  if (fromLocation === toLocation)
    throw new UserError(
      `--from and --to both name ${fromLocation}`,
      "copy into another database: a new file, or an empty PostgreSQL database",
    );
  const createdFile = !isPostgresTarget(to) && !existsSync(to);
  const open = { ...options.open, env };
  let source: Store | undefined;
  let target: Store | undefined;
  let copied = false;
  try {
    source = await openStore(from, open);
    target = await openStore(to, open);
    const tables = await copyInto(source, target, options);
    copied = true;
    return {
      from: { location: source.location, engine: source.engine },
      to: { location: target.location, engine: target.engine },
      tables,
    };
  } finally {
    await source?.close();
    await target?.close();
    // A file made for the copy goes with a failed copy: nothing is left half-done.
    if (createdFile && !copied) removeDatabaseFiles(to);
  }
}

async function copyInto(source: Store, target: Store, options: CopyOptions): Promise<TableCheck[]> {
  return source.read(async (from) => {
    const counts = await tableRowCounts(from);
    const total = [...counts.values()].reduce((sum, rows) => sum + rows, 0);
    return target.write(async (to) => {
      const held = await tablesWithData(to);
      if (held.length > 0)
        throw new UserError(
          `${target.location} already holds data (${held.map(({ table, rows }) => `${rows} ${table}`).join(", ")}); db copy only copies into an empty database, and nothing was changed`,
          "pass a new file, or an empty PostgreSQL database (createdb NAME), to --to",
        );
      options.progress?.(0, total);
      const copied = await copyTables(from, to, async (rows) => {
        options.progress?.(rows, total);
        // Lets a Ctrl-C reach its handler between pages.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted === true) throw new InterruptedError();
      });
      const written = await checkTables(to);
      const differing = copied.filter(
        (check, index) =>
          written[index]?.rows !== check.rows || written[index]?.digest !== check.digest,
      );
      if (differing.length > 0)
        throw new Error(
          `the copy of ${differing.map(({ table }) => table).join(", ")} differs from the source; nothing was changed`,
        );
      return copied;
    });
  });
}

export type { CopiedTable };

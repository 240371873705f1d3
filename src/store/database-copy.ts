/**
 * Copying a whole database from one store to another (either engine to either), ids kept, in
 * SQL both engines run: every table in key order, a batch at a time (keyset pages: a million
 * leads never sit in memory at once), written the engine's fastest way (insertRows). Each table's rows are
 * digested as the store reads them (values in column-name order, as JSON), so the same data
 * gives the same digest on both engines, and the copy is checked against the source before it
 * is committed.
 */
import { createHash } from "node:crypto";
import { engineImport, sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

/**
 * Every table of the schema, in an order that inserts a row after the rows it refers to, with
 * its primary key (test/store/database-copy.test.ts checks the list against the schema).
 */
export const copiedTables = [
  { name: "import_batches", key: ["id"] },
  { name: "reps", key: ["id"] },
  { name: "leads", key: ["id"] },
  { name: "stage_events", key: ["id"] },
  { name: "lead_revisions", key: ["batch_id", "lead_id"] },
  { name: "handoffs", key: ["id"] },
  { name: "touches", key: ["id"] },
  { name: "settings", key: ["key"] },
  { name: "deals", key: ["id"] },
  { name: "deal_events", key: ["id"] },
  { name: "quotas", key: ["id"] },
  { name: "revisions", key: ["batch_id", "entity", "entity_id"] },
] as const satisfies readonly { name: string; key: readonly string[] }[];

export type CopiedTable = (typeof copiedTables)[number]["name"];

/** Tables that hold the settings and configuration: replaced by the source's, never refused. */
const settingsTables: readonly CopiedTable[] = ["settings"];

/** Rows read per query. */
const pageSize = 5_000;

type Row = Record<string, unknown>;

export interface TableCheck {
  readonly table: CopiedTable;
  readonly rows: number;
  /** sha256 of the table's rows as read (see the module's comment). */
  readonly digest: string;
}

/** Rows per table, for the progress of a copy. */
export async function tableRowCounts(tx: ReadTx): Promise<Map<CopiedTable, number>> {
  const counts = new Map<CopiedTable, number>();
  for (const { name } of copiedTables) {
    const row = await sql(tx).get<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
    counts.set(name, row?.n ?? 0);
  }
  return counts;
}

/** The tables holding data (not settings), with their row counts: what makes a target not empty. */
export async function tablesWithData(tx: ReadTx): Promise<{ table: CopiedTable; rows: number }[]> {
  const counts = await tableRowCounts(tx);
  return [...counts]
    .filter(([table, rows]) => rows > 0 && !settingsTables.includes(table))
    .map(([table, rows]) => ({ table, rows }));
}

/**
 * Copies every table of `from` into `to` (whose data tables are empty; its settings are
 * replaced), ids kept, then sets `to`'s identities past the ids copied. `progress` is told the
 * rows copied so far. Returns each table's check, computed on the rows read from `from`.
 */
export async function copyTables(
  from: ReadTx,
  to: WriteTx,
  progress: (rowsCopied: number) => void | Promise<void>,
): Promise<TableCheck[]> {
  for (const table of settingsTables) await sql(to).run(`DELETE FROM ${table}`);
  const checks: TableCheck[] = [];
  let copied = 0;
  for (const table of copiedTables) {
    const digest = createHash("sha256");
    let rows = 0;
    for await (const page of pages(from, table)) {
      const columns = Object.keys(page[0] as Row).sort();
      for (const row of page) digest.update(rowText(row, columns));
      await engineImport(to).insertRows(table.name, columns, page);
      rows += page.length;
      copied += page.length;
      await progress(copied);
    }
    checks.push({ table: table.name, rows, digest: digest.digest("hex") });
  }
  await engineImport(to).restartIdentities(
    copiedTables.filter(({ key }) => key.join() === "id").map(({ name }) => name),
  );
  return checks;
}

/** Each table's row count and digest as `tx` reads them. */
export async function checkTables(tx: ReadTx): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const table of copiedTables) {
    const digest = createHash("sha256");
    let rows = 0;
    for await (const page of pages(tx, table)) {
      const columns = Object.keys(page[0] as Row).sort();
      for (const row of page) digest.update(rowText(row, columns));
      rows += page.length;
    }
    checks.push({ table: table.name, rows, digest: digest.digest("hex") });
  }
  return checks;
}

/** One row as the digest reads it: its values in column-name order, one JSON line. */
function rowText(row: Row, columnsInOrder: readonly string[]): string {
  return `${JSON.stringify(columnsInOrder.map((column) => row[column]))}\n`;
}

/** The table's rows in key order, a page at a time: each page after the last key of the one before. */
async function* pages(
  tx: ReadTx,
  table: { readonly name: string; readonly key: readonly string[] },
): AsyncGenerator<Row[]> {
  const order = table.key.join(", ");
  const after = `(${order}) > (${table.key.map(() => "?").join(", ")})`;
  let last: unknown[] | undefined;
  for (;;) {
    const page = await sql(tx).all<Row>(
      `SELECT * FROM ${table.name} ${last === undefined ? "" : `WHERE ${after}`} ORDER BY ${order} LIMIT ${pageSize}`,
      last ?? [],
    );
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    const final = page[page.length - 1] as Row;
    last = table.key.map((column) => final[column]);
  }
}

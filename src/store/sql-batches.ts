import type Database from "better-sqlite3";
import type { Db } from "./database.js";

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * `INSERT INTO table (columns) VALUES (?,..),(?,..)` for `rows` rows, prepared once per
 * connection, row count and suffix (e.g. `ON CONFLICT DO NOTHING`). Many rows per statement cut the per-statement cost of big imports.
 */
export function multiRowInsert(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: number,
  suffix = "",
): Database.Statement {
  const key = `${table}:${rows}:${suffix}`;
  let statements = cache.get(db);
  if (statements === undefined) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key);
  if (statement === undefined) {
    const group = `(${columns.map(() => "?").join(",")})`;
    const sql = `INSERT INTO ${table} (${columns.join(",")}) VALUES ${Array(rows).fill(group).join(",")} ${suffix}`;
    statement = db.prepare(sql);
    statements.set(key, statement);
  }
  return statement;
}

/** Runs `insert` for `rowCount` rows of `width` values in `values`, `perStatement` rows at a time. */
export function insertInChunks(
  db: Db,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  perStatement: number,
): void {
  const width = columns.length;
  const rowCount = values.length / width;
  for (let start = 0; start < rowCount; start += perStatement) {
    const rows = Math.min(perStatement, rowCount - start);
    const slice =
      start === 0 && rows === rowCount
        ? values
        : values.slice(start * width, (start + rows) * width);
    multiRowInsert(db, table, columns, rows).run(slice);
  }
}

import type { Sql } from "postgres";
import { expect, it } from "vitest";
import { connect, locateTarget } from "../../../src/store/postgres/connection.js";
import { printableTarget } from "../../../src/store/postgres/connection-target.js";
import {
  migratePostgres,
  migrationLockKey,
  postgresSchemaVersion,
  schemaVersionOf,
} from "../../../src/store/postgres/migrations.js";
import { migrate, openDatabase } from "../../../src/store/sqlite/database.js";
import { Database } from "../../../src/store/sqlite/driver.js";
import {
  describePostgres,
  targetOf,
  usePostgresDatabase,
  usePostgresRole,
} from "../../helpers/postgres.js";
import { useTempDir } from "../../helpers/temp-dir.js";

/** A schema as both engines can describe it: what the shared SQL relies on. */
type Schema = Record<
  string,
  {
    columns: { name: string; kind: "integer" | "text"; notNull: boolean; default: string | null }[];
    primaryKey: string[];
    unique: string[][];
    indexes: { name: string; unique: boolean; partial: boolean; columns: (string | null)[] }[];
    foreignKeys: { column: string; table: string; to: string }[];
    checks: number;
  }
>;

type Row = Record<string, unknown>;

function sqliteSchema(path: string): { version: number; schema: Schema } {
  const db = openDatabase(path);
  try {
    const all = (sql: string, ...parameters: unknown[]) =>
      db.prepare(sql).all(...parameters) as Row[];
    const schema: Schema = {};
    const tables = all(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    for (const { name, sql } of tables as { name: string; sql: string }[]) {
      const columns = all("SELECT * FROM pragma_table_info(?) ORDER BY cid", name);
      const indexes = all("SELECT * FROM pragma_index_list(?) ORDER BY name", name);
      const indexColumns = (index: string) =>
        all("SELECT name FROM pragma_index_info(?) ORDER BY seqno", index).map(
          (column) => column.name as string | null,
        );
      schema[name] = {
        columns: columns.map((column) => ({
          name: column.name as string,
          kind: (column.type as string).toLowerCase() as "integer" | "text",
          // A primary key's columns are never null (SQLite's own rowid alias says notnull 0).
          notNull: column.notnull === 1 || (column.pk as number) > 0,
          default: column.dflt_value as string | null,
        })),
        primaryKey: columns
          .filter((column) => (column.pk as number) > 0)
          .sort((a, b) => (a.pk as number) - (b.pk as number))
          .map((column) => column.name as string),
        unique: indexes
          .filter((index) => index.origin === "u")
          .map((index) => indexColumns(index.name as string) as string[]),
        indexes: indexes
          .filter((index) => index.origin === "c")
          .map((index) => ({
            name: index.name as string,
            unique: index.unique === 1,
            partial: index.partial === 1,
            columns: indexColumns(index.name as string),
          })),
        foreignKeys: all("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id", name).map(
          (key) => ({
            column: key.from as string,
            table: key.table as string,
            to: key.to as string,
          }),
        ),
        checks: sql.match(/\bCHECK\s*\(/gi)?.length ?? 0,
      };
    }
    return { version: db.pragma("user_version", { simple: true }) as number, schema };
  } finally {
    db.close();
  }
}

async function postgresSchema(sql: Sql): Promise<Schema> {
  const schema: Schema = {};
  const tables = await sql.unsafe(`
    SELECT c.oid, c.relname AS name FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND c.relname <> 'funnel_schema_version'
    ORDER BY c.relname`);
  for (const { oid, name } of tables) {
    const columns = await sql.unsafe(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [name],
    );
    // Constraint columns and index columns, in their order; null for an expression.
    const constraints = await sql.unsafe(
      `SELECT contype, conname,
         (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.n) AS columns,
         confrelid::regclass::text AS target,
         (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = confrelid AND a.attnum = confkey[1]) AS to
       FROM pg_constraint WHERE conrelid = $1 ORDER BY conname`,
      [oid],
    );
    const indexes = await sql.unsafe(
      `SELECT i.relname AS name, x.indisunique AS unique, x.indpred IS NOT NULL AS partial,
         (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i)
            LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = $1
         AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
       ORDER BY i.relname`,
      [oid],
    );
    schema[name] = {
      columns: columns.map((column) => ({
        name: column.column_name,
        kind: ["bigint", "integer"].includes(column.data_type) ? "integer" : column.data_type,
        notNull: column.is_nullable === "NO",
        // '{}'::text is SQLite's '{}'.
        default: column.column_default?.replace(/::\w+$/, "") ?? null,
      })),
      primaryKey: constraints.find((constraint) => constraint.contype === "p")?.columns ?? [],
      unique: constraints.filter((c) => c.contype === "u").map((c) => c.columns),
      indexes: indexes.map((index) => ({
        name: index.name,
        unique: index.unique,
        partial: index.partial,
        columns: index.columns,
      })),
      foreignKeys: constraints
        .filter((constraint) => constraint.contype === "f")
        .map((key) => ({ column: key.columns[0], table: key.target, to: key.to }))
        .sort((a, b) => a.column.localeCompare(b.column)),
      checks: constraints.filter((constraint) => constraint.contype === "c").length,
    };
  }
  return schema;
}

/** Sorts what SQLite lists in creation order and PostgreSQL by name. */
function sortedForeignKeys(schema: Schema): Schema {
  for (const table of Object.values(schema))
    table.foreignKeys.sort((a, b) => a.column.localeCompare(b.column));
  return schema;
}

describePostgres("the schema on PostgreSQL", () => {
  const database = usePostgresDatabase();
  const role = usePostgresRole();
  const folder = useTempDir();
  const location = () => printableTarget(targetOf(database.url()));

  it(`a fresh database gets every migration, up to version ${postgresSchemaVersion}`, async () => {
    const sql = await database.connect();
    expect(await schemaVersionOf(sql)).toBe(0);
    await migratePostgres(sql, location());
    expect(await schemaVersionOf(sql)).toBe(postgresSchemaVersion);
    expect(postgresSchemaVersion).toBe(9);
    const [lead] = await sql`
      INSERT INTO leads (email, created_at, stage, updated_at)
      VALUES ('ana@acme.example', '2026-10-01T09:00:00.000Z', 'mql', '2026-10-01T09:00:00.000Z')
      RETURNING id, attributes`;
    expect(lead).toEqual({ id: "1", attributes: "{}" });
  });

  it("is the same as SQLite's, table by table and column by column", async () => {
    const sql = await database.connect();
    await migratePostgres(sql, location());
    const sqlite = sqliteSchema(folder.path("funnel.db"));
    expect(postgresSchemaVersion).toBe(sqlite.version);
    expect(sortedForeignKeys(await postgresSchema(sql))).toEqual(sortedForeignKeys(sqlite.schema));
    // And text in byte order, as SQLite compares it, whatever the database's locale.
    const collations = await sql`
      SELECT DISTINCT collation_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type = 'text'
        AND table_name <> 'funnel_schema_version'`;
    expect(collations).toEqual([{ collation_name: "C" }]);
  });

  it("orders text as SQLite does, in a database whose locale orders it otherwise", async () => {
    const sql = await database.connect();
    await migratePostgres(sql, location());
    const [locale] = await sql`SELECT 'Zoe' < 'adam' AS byte_order`;
    expect(locale?.byte_order).toBe(false);
    await sql`INSERT INTO reps (handle, name, role, created_at) VALUES
      ('b', 'émile', 'ae', 'x'), ('a', 'Zoe', 'ae', 'x'), ('c', 'adam', 'ae', 'x'), ('d', 'Émile', 'ae', 'x')`;
    const names = await sql`SELECT name FROM reps ORDER BY name`;
    expect(names.map((row) => row.name)).toEqual(["Zoe", "adam", "Émile", "émile"]);
  });

  it("rerunning it changes nothing", async () => {
    const sql = await database.connect();
    await migratePostgres(sql, location());
    const before = await sql`SELECT xmin::text AS xmin, version FROM funnel_schema_version`;
    const schema = await postgresSchema(sql);
    await migratePostgres(sql, location());
    expect(await sql`SELECT xmin::text AS xmin, version FROM funnel_schema_version`).toEqual(
      before,
    );
    expect(await postgresSchema(sql)).toEqual(schema);
  });

  it("refuses a database of a newer funnel in one line, and leaves it untouched", async () => {
    const sql = await database.connect();
    await migratePostgres(sql, location());
    await sql`UPDATE funnel_schema_version SET version = 10`;
    await expect(migratePostgres(sql, location())).rejects.toThrow(
      `${location()} has schema version 10, newer than this funnel understands (9); it was left untouched`,
    );
    expect(await schemaVersionOf(sql)).toBe(10);
  });

  it("refuses a database holding another program's tables, and leaves it untouched", async () => {
    const sql = await database.connect();
    await sql`CREATE TABLE invoices (id int)`;
    await expect(migratePostgres(sql, location())).rejects.toThrow(
      `${location()} holds tables funnel did not create; it was left untouched`,
    );
    const tables = await sql`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`;
    expect(tables).toEqual([{ tablename: "invoices" }]);
  });

  it("two clients migrating at once both succeed, and each migration runs once", async () => {
    const [holder, first, second] = await Promise.all([
      database.connect(),
      database.connect(),
      database.connect(),
    ]);
    // Hold the migrations' lock, so that both clients are certainly waiting for it at once.
    const held = await holder.reserve();
    await held.unsafe("BEGIN");
    await held.unsafe(`SELECT pg_advisory_xact_lock(${migrationLockKey})`);
    const migrations = [migratePostgres(first, location()), migratePostgres(second, location())];
    for (;;) {
      const [waiting] = await held.unsafe(
        "SELECT count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      if (waiting?.count === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await held.unsafe("COMMIT");
    held.release();
    // Had both run migration 1, the second's CREATE TABLE would have failed.
    await Promise.all(migrations);
    expect(await schemaVersionOf(holder)).toBe(postgresSchemaVersion);
  });

  it("brings an older database up to date: version 6 fills each lead's stage times from its events", async () => {
    const events = [
      [null, "lead", "2026-10-01T09:00:00.000Z"],
      ["lead", "mql", "2026-10-02T09:00:00.000Z"],
      ["mql", "recycled", "2026-10-03T09:00:00.000Z"],
      ["recycled", "sql", "2026-10-04T09:00:00.000Z"],
    ] as const;
    const columns =
      "lead_at, mql_at, sal_at, sql_at, opportunity_at, customer_at, lead_arrived_at, mql_arrived_at, sal_arrived_at, sql_arrived_at, opportunity_arrived_at, customer_arrived_at, rejected_at";
    const insertLead =
      "INSERT INTO leads (id, email, created_at, stage, updated_at) VALUES (1, 'ana@acme.example', '2026-10-01T09:00:00.000Z', 'sql', 'x')";
    const insertEvent =
      "INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor) VALUES (1, $1, $2, $3, 'import')";

    const sql = await database.connect();
    await migratePostgres(sql, location(), 5);
    expect(await schemaVersionOf(sql)).toBe(5);
    await sql.unsafe(insertLead);
    for (const event of events) await sql.unsafe(insertEvent, [...event]);
    await migratePostgres(sql, location());
    const [postgresRow] = await sql.unsafe(`SELECT ${columns} FROM leads`);

    // The same database on SQLite, through its own migrations.
    const old = new Database(folder.path("old.db"));
    try {
      migrate(old, 5);
      old.exec(insertLead);
      for (const event of events) old.prepare(insertEvent.replace(/\$\d/g, "?")).run(...event);
      migrate(old);
      expect(postgresRow).toEqual(old.prepare(`SELECT ${columns} FROM leads`).get());
    } finally {
      old.close();
    }
    expect(postgresRow).toMatchObject({
      lead_at: "2026-10-01T09:00:00.000Z",
      mql_at: "2026-10-02T09:00:00.000Z",
      sal_at: "2026-10-04T09:00:00.000Z",
      rejected_at: "2026-10-03T09:00:00.000Z",
      customer_at: null,
    });
  });

  it("a user who may not create tables gets one line, and nothing is created", async () => {
    const admin = await database.connect();
    await admin.unsafe("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    const url = role.url(database.name());
    const sql = await connect(locateTarget(url, { PGPASSWORD: role.password }, () => {}));
    try {
      await expect(migratePostgres(sql, url)).rejects.toThrow(
        `cannot create funnel's tables in ${url}: permission denied for schema public`,
      );
      expect(await schemaVersionOf(admin)).toBe(0);
    } finally {
      await sql.end();
    }
  });
});

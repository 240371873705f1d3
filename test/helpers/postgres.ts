/**
 * PostgreSQL for tests, always a real server: FUNNEL_TEST_PG is a URL of one whose user may
 * create databases and roles (CI: postgres://root@/postgres?host=/var/run/postgresql), and
 * every test gets a throwaway database of its own, created before it and dropped after
 * (PostgreSQL 15 or later, with ICU, as Debian's is).
 * Without FUNNEL_TEST_PG the PostgreSQL tests are skipped, and postgres-setup.ts says so in
 * one line; CI sets it and fails on any skipped test.
 */
import { randomBytes } from "node:crypto";
import type { Sql } from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { connect, locateTarget } from "../../src/store/postgres/connection.js";
import { isSocketFolder, type PostgresTarget } from "../../src/store/postgres/connection-target.js";

export const postgresBase: string | undefined = process.env.FUNNEL_TEST_PG || undefined;

/** `describe` for tests that need the server: skipped without FUNNEL_TEST_PG. */
export const describePostgres = describe.skipIf(postgresBase === undefined);

function baseUrl(): string {
  if (postgresBase === undefined) throw new Error("FUNNEL_TEST_PG is not set");
  return postgresBase;
}

/** The target a URL names, completed from this process's environment. */
export function targetOf(url: string): PostgresTarget {
  return locateTarget(url, process.env, (line) => process.stderr.write(line));
}

/** `url` naming another database on the same server (its path replaced). */
export function withDatabase(url: string, database: string): string {
  const parts = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/i.exec(url);
  if (parts === null) throw new Error("FUNNEL_TEST_PG is not a postgres:// URL");
  return `${parts[1]}/${encodeURIComponent(database)}${parts[2] ?? ""}`;
}

let admin: Promise<Sql> | undefined;

/** One connection per test file to the base database, to create and drop the others. */
function adminConnection(): Promise<Sql> {
  admin ??= connect(targetOf(baseUrl()));
  return admin;
}

/** Databases made by `throwawayDatabase`, dropped when the file's tests are done. */
const madeOnDemand: string[] = [];

afterAll(async () => {
  if (admin !== undefined) {
    const connection = await admin;
    for (const name of madeOnDemand.splice(0))
      await connection.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await connection.end();
  }
  admin = undefined;
});

/**
 * The URL of a fresh empty database (as usePostgresDatabase makes them), dropped after the
 * test file: for helpers that cannot register hooks of their own.
 */
export async function throwawayDatabase(): Promise<string> {
  const name = throwawayName();
  await createTestDatabase(name);
  madeOnDemand.push(name);
  return withDatabase(baseUrl(), name);
}

async function createTestDatabase(name: string): Promise<void> {
  // A locale whose order is not byte order (Zoe after adam), so that text compared in the
  // database's order rather than SQLite's shows up as a difference.
  await (await adminConnection()).unsafe(
    `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`,
  );
}

/** A name no other test run uses (test databases and roles of parallel runs coexist). */
export function throwawayName(): string {
  return `funnel_test_${randomBytes(6).toString("hex")}`;
}

export interface TestDatabase {
  /** The database's name. */
  name(): string;
  /** The database's URL (the base's user, host and parameters). */
  url(): string;
  /** A new client of the database, ended after the test. */
  connect(options?: { readonly max?: number }): Promise<Sql>;
}

/** A fresh empty database for each test of the file, dropped after it. */
export function usePostgresDatabase(): TestDatabase {
  let name: string | undefined;
  const clients: Sql[] = [];
  beforeEach(async () => {
    name = throwawayName();
    await createTestDatabase(name);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end({ timeout: 5 })));
    // FORCE: a client a failed test left open must not keep the database alive.
    if (name !== undefined)
      await (await adminConnection()).unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    name = undefined;
  });
  const current = () => {
    if (name === undefined) throw new Error("usePostgresDatabase: no database outside a test");
    return name;
  };
  const url = () => withDatabase(baseUrl(), current());
  return {
    name: current,
    url,
    connect: async (options = {}) => {
      const client = await connect(targetOf(url()), options);
      clients.push(client);
      return client;
    },
  };
}

export interface TestRole {
  readonly name: string;
  readonly password: string;
  /** The role's URL to the test's database over TCP (password login), without the password. */
  url(database: string): string;
}

/**
 * A login role with a password, for the tests of a `describe`, dropped after them (when their
 * databases are gone): to test password logins, which need TCP (the socket logs in by the OS
 * user). A base on a socket means this machine's server, at 127.0.0.1 on the same port.
 */
export function usePostgresRole(): TestRole {
  let name: string | undefined;
  const password = randomBytes(9).toString("base64url");
  beforeAll(async () => {
    name = throwawayName();
    await (await adminConnection()).unsafe(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
  });
  afterAll(async () => {
    if (name !== undefined) await (await adminConnection()).unsafe(`DROP ROLE ${name}`);
    name = undefined;
  });
  const current = () => {
    if (name === undefined) throw new Error("usePostgresRole: no role outside its tests");
    return name;
  };
  return {
    get name() {
      return current();
    },
    password,
    url(database) {
      const base = targetOf(baseUrl());
      const host = isSocketFolder(base.host) ? "127.0.0.1" : base.host;
      return `postgres://${current()}@${host}:${base.port}/${database}`;
    },
  };
}

import { chmodSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { connect, locateTarget, sslOption } from "../../../src/store/postgres/connection.js";
import {
  type PostgresTarget,
  parsePostgresUrl,
  resolveTarget,
} from "../../../src/store/postgres/connection-target.js";
import {
  describePostgres,
  targetOf,
  usePostgresDatabase,
  usePostgresRole,
} from "../../helpers/postgres.js";
import { useTempDir } from "../../helpers/temp-dir.js";

function target(url: string): PostgresTarget {
  return resolveTarget(parsePostgresUrl(url), { osUser: "kim", socketFolder: "/tmp" });
}

describe("sslOption: libpq's sslmode as the client's TLS setting", () => {
  const files = (path: string) => Buffer.from(`contents of ${path}`);

  it.each([
    ["postgres://db/x?sslmode=disable", false],
    ["postgres://db/x?sslmode=allow", "prefer"],
    ["postgres://db/x", "prefer"],
    ["postgres://db/x?sslmode=require", "require"],
    // Never over a socket, whatever the mode.
    ["postgres:///x?host=/var/run/postgresql&sslmode=verify-full", false],
  ])("%s: %j", (url, expected) => {
    expect(sslOption(target(url), files)).toEqual(expected);
  });

  it("verify-full checks the chain and the host name, with the given root certificate", () => {
    expect(
      sslOption(target("postgres://db/x?sslmode=verify-full&sslrootcert=/ca.pem"), files),
    ).toEqual({
      ca: Buffer.from("contents of /ca.pem"),
    });
    expect(
      sslOption(target("postgres://db/x?sslmode=verify-full&sslrootcert=system"), files),
    ).toEqual({});
  });

  it("verify-ca, and require with a root certificate, check the chain but not the host name", () => {
    for (const mode of ["verify-ca", "require"]) {
      const option = sslOption(
        target(`postgres://db/x?sslmode=${mode}&sslrootcert=/ca.pem`),
        files,
      );
      expect(option).toMatchObject({ ca: Buffer.from("contents of /ca.pem") });
      expect(
        typeof option === "object" &&
          option !== null &&
          option.checkServerIdentity?.("db", {} as never),
      ).toBe(undefined);
      expect(option).not.toHaveProperty("rejectUnauthorized");
    }
  });

  it("require with a client certificate sends it and checks nothing", () => {
    expect(
      sslOption(target("postgres://db/x?sslmode=require&sslcert=/c.pem&sslkey=/k.pem"), files),
    ).toEqual({
      cert: Buffer.from("contents of /c.pem"),
      key: Buffer.from("contents of /k.pem"),
      rejectUnauthorized: false,
    });
  });

  it("a certificate file it cannot read is one line naming it", () => {
    expect(() =>
      sslOption(target("postgres://db/x?sslmode=verify-full&sslrootcert=/no/ca.pem"), () => {
        throw new Error("ENOENT: no such file or directory");
      }),
    ).toThrow("cannot read the sslrootcert file /no/ca.pem: ENOENT: no such file or directory");
  });
});

/** A TCP port on this machine where nothing listens. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The one line a failed connection gives, with its hint. */
async function connectionFailure(url: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const sql = await connect(locateTarget(url, env, () => {}));
    await sql.end();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}; ${(error as { hint?: string }).hint}`;
  }
  throw new Error(`${url} connected`);
}

describePostgres("connecting to a real server", () => {
  const database = usePostgresDatabase();
  const role = usePostgresRole();
  const home = useTempDir();

  it("through the local socket a URL names with ?host=", async () => {
    const sql = await database.connect();
    const [row] = await sql`SELECT current_database() AS name, inet_server_addr() AS address`;
    expect(row).toEqual({ name: database.name(), address: null });
  });

  it("names the session funnel, or as application_name says, and applies options' settings", async () => {
    const plain = await database.connect();
    const [named] = await plain`SELECT current_setting('application_name') AS name`;
    expect(named?.name).toBe("funnel");
    const url = database.url();
    const sql = await connect(
      targetOf(
        `${url}${url.includes("?") ? "&" : "?"}application_name=nightly%20report&options=-c%20statement_timeout%3D5s`,
      ),
    );
    try {
      const [row] = await sql`
        SELECT current_setting('application_name') AS name, current_setting('statement_timeout') AS timeout`;
      expect(row).toEqual({ name: "nightly report", timeout: "5s" });
    } finally {
      await sql.end();
    }
  });

  it("over TCP with the password from ~/.pgpass (mode 0600) in $HOME", async () => {
    const url = role.url(database.name());
    const { port } = targetOf(url);
    chmodSync(home.write(".pgpass", `127.0.0.1:${port}:*:${role.name}:${role.password}\n`), 0o600);
    const warnings: string[] = [];
    const sql = await connect(
      locateTarget(url, { HOME: home.path("") }, (line) => warnings.push(line)),
    );
    try {
      const [row] = await sql`SELECT current_user AS name`;
      expect(row?.name).toBe(role.name);
      expect(warnings).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it("from the file PGPASSFILE names, or PGPASSWORD", async () => {
    const url = role.url(database.name());
    const file = home.write("passwords", `*:*:*:${role.name}:${role.password}\n`);
    chmodSync(file, 0o600);
    for (const env of [{ PGPASSFILE: file }, { PGPASSWORD: role.password }]) {
      const sql = await connect(locateTarget(url, env, () => {}));
      expect((await sql`SELECT current_user AS name`)[0]?.name).toBe(role.name);
      await sql.end();
    }
  });

  it("ignores a password file others may read, saying so, as libpq does", async () => {
    const url = role.url(database.name());
    const file = home.write(".pgpass", `*:*:*:${role.name}:${role.password}\n`);
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    const target = locateTarget(url, { HOME: home.path("") }, (line) => warnings.push(line));
    expect(target.password).toBe(undefined);
    expect(warnings).toEqual([
      `funnel: ignoring the password file ${file}: others may read it (chmod 600 ${file} to use it)\n`,
    ]);
    expect(await connectionFailure(url, { HOME: home.path("") })).toBe(
      `UserError: PostgreSQL refused the login to ${url}: password authentication failed for user "${role.name}"; check the user, and the password in PGPASSWORD or ~/.pgpass`,
    );
  });

  it("a wrong password is one line naming the target without the password", async () => {
    const url = role.url(database.name());
    const failure = await connectionFailure(url.replace("@", ":Wrong-Pass@"));
    expect(failure).toBe(
      `UserError: PostgreSQL refused the login to ${url}: password authentication failed for user "${role.name}"; check the user, and the password in PGPASSWORD or ~/.pgpass`,
    );
    expect(failure).not.toContain("Wrong-Pass");
  });

  it("no server at the address, or no database of that name, is one line", async () => {
    const port = await unusedPort();
    expect(await connectionFailure(`postgres://ana:Secret1@127.0.0.1:${port}/funnel`)).toBe(
      `UserError: cannot connect to postgres://ana@127.0.0.1:${port}/funnel: no PostgreSQL server answers there; check the host, port, user and database in --db (or FUNNEL_DB, PGHOST…)`,
    );
    expect(await connectionFailure("postgres://ana@/funnel?host=/nonexistent")).toBe(
      "UserError: cannot connect to postgres://ana@/funnel?host=/nonexistent: no PostgreSQL server answers there; check the host, port, user and database in --db (or FUNNEL_DB, PGHOST…)",
    );
    const missing = database.url().replace(database.name(), "funnel_test_missing");
    const where = targetOf(missing);
    expect(await connectionFailure(missing, process.env)).toMatch(
      /^UserError: there is no database funnel_test_missing at postgres:\/\/.*\/funnel_test_missing.*; create it \(createdb funnel_test_missing\) or name another in --db$/,
    );
    expect(where.database).toBe("funnel_test_missing");
  });

  it("sslmode=prefer uses TLS when the server offers it; require fails in one line when it does not", async () => {
    const sql = await database.connect();
    const [setting] = await sql`SHOW ssl`;
    const offered = setting?.ssl === "on";
    const url = role.url(database.name());
    const env = { PGPASSWORD: role.password };
    const encrypted = async (mode: string) => {
      const client = await connect(locateTarget(`${url}?sslmode=${mode}`, env, () => {}));
      const [row] = await client`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`;
      await client.end();
      return row?.ssl;
    };
    expect(await encrypted("prefer")).toBe(offered);
    expect(await encrypted("disable")).toBe(false);
    if (offered) expect(await encrypted("require")).toBe(true);
    else
      expect(await connectionFailure(`${url}?sslmode=require`, env)).toBe(
        `UserError: cannot connect to ${url}?sslmode=require: the server does not offer TLS, and sslmode=require requires it; ask for TLS on the server, or use sslmode=prefer`,
      );
  });
});

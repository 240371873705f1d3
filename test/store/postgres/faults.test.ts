import { createServer } from "node:net";
import { expect, it } from "vitest";
import { UserError } from "../../../src/errors.js";
import { sql } from "../../../src/store/engine.js";
import { listReps } from "../../../src/store/reps.js";
import { openStore, printableLocation, type Store } from "../../../src/store/store.js";
import { describePostgres, usePostgresDatabase, usePostgresRole } from "../../helpers/postgres.js";
import { plainEnv, runFunnel } from "../../helpers/run-funnel.js";
import { useTempDir } from "../../helpers/temp-dir.js";

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** `url` with `parameter` added to its query. */
const withParameter = (url: string, parameter: string) =>
  `${url}${url.includes("?") ? "&" : "?"}${parameter}`;

describePostgres("faults on PostgreSQL, as the user sees them", () => {
  const database = usePostgresDatabase();
  const role = usePostgresRole();
  const temp = useTempDir();
  const env = () => plainEnv({ PGPASSFILE: temp.path("no-such-file") });

  it("a connection refused: exit 1, one line naming the host, never the password", async () => {
    const port = await unusedPort();
    const run = await runFunnel(["leads", "--db", `postgres://ana:Secret1@127.0.0.1:${port}/crm`], {
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `funnel: cannot connect to postgres://ana@127.0.0.1:${port}/crm: no PostgreSQL server answers there; check the host, port, user and database in --db (or FUNNEL_DB, PGHOST…)\n`,
    );
  });

  it("a wrong password: exit 1, one line, the password nowhere", async () => {
    const url = role.url(database.name());
    const run = await runFunnel(["rep", "list", "--db", url.replace("@", ":Wrong-Pass@")], {
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `funnel: PostgreSQL refused the login to ${url}: password authentication failed for user "${role.name}"; check the user, and the password in PGPASSWORD or ~/.pgpass\n`,
    );
    expect(run.stdout + run.stderr).not.toContain("Wrong-Pass");
  });

  it("a statement timeout: one line naming the database, the setting, and what to do", async () => {
    const store = await openStore(
      withParameter(database.url(), "options=-c%20statement_timeout%3D1500"),
      { env: process.env },
    );
    try {
      const slow = store.read((tx) => sql(tx).get("SELECT pg_sleep(10)"));
      await expect(slow).rejects.toBeInstanceOf(UserError);
      await expect(slow).rejects.toThrow(
        `a query on ${store.location} ran past the server's statement_timeout and was cancelled; nothing was changed`,
      );
      // The store is usable again.
      expect(await store.read((tx) => listReps(tx))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("the server gone in the middle of a write: one line, and nothing was changed", async () => {
    const store: Store = await openStore(database.url(), { env: process.env });
    const admin = await database.connect();
    try {
      const write = store.write(async (tx) => {
        await sql(tx).run(
          "INSERT INTO settings (key, value) VALUES ('currency', 'EUR') ON CONFLICT (key) DO UPDATE SET value = 'EUR'",
        );
        // What a server stopped (or a connection cut) does to this session.
        await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'funnel' AND pid <> pg_backend_pid()`;
        await sql(tx).get("SELECT 1");
      });
      await expect(write).rejects.toBeInstanceOf(UserError);
      await expect(write).rejects.toThrow(
        `the connection to ${store.location} was lost in the middle of the command; nothing was changed`,
      );
      const [currency] = await admin`SELECT value FROM settings WHERE key = 'currency'`;
      expect(currency?.value).not.toBe("EUR");
    } finally {
      await store.close().catch(() => undefined);
    }
  });

  it("backup, restore and doctor name PostgreSQL's tools, with the command to run", async () => {
    const url = database.url();
    // As funnel prints it (CI's URL names the default port, which the printed form leaves out).
    const shown = await printableLocation(url, env());
    const run = (...args: string[]) =>
      runFunnel([...args, "--db", url], { env: env(), cwd: temp.path("") });
    const backup = await run("backup", "nightly.dump");
    expect(backup.code).toBe(1);
    expect(backup.stderr).toBe(
      `funnel: funnel backup works on a SQLite file; ${shown} is a PostgreSQL database, which PostgreSQL's own tools back up; use pg_dump --format=custom --file=nightly.dump '${shown}'\n`,
    );
    const restore = await run("restore", "nightly.dump", "--yes");
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain(`use pg_restore --clean --dbname='${shown}' nightly.dump`);
    const doctor = await run("doctor");
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toMatch(/^funnel: funnel doctor works on a SQLite file; .*\n$/);
  });

  it("demo, which builds a SQLite file, refuses in one line; an import's dry run writes nothing", async () => {
    const url = database.url();
    const dryRun = await runFunnel(["import", "fixtures/leads.csv", "--dry-run", "--db", url], {
      env: env(),
    });
    expect(dryRun.stderr).toBe("");
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/^Dry run \(nothing written\): would import leads /);
    const leads = await runFunnel(["leads", "--json", "--db", url], { env: env() });
    expect(JSON.parse(leads.stdout)).toEqual([]);
    const shown = await printableLocation(url, env());
    const demo = await runFunnel(["demo", "--db", url], { env: env(), cwd: temp.path("") });
    expect(demo.code).toBe(1);
    expect(demo.stderr).toBe(
      `funnel: funnel demo builds a SQLite file; ${shown} is a PostgreSQL database; build it in a file, then copy it up: funnel demo --db demo.db && funnel db copy --from demo.db --to URL\n`,
    );
  });
});

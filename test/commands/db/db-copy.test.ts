import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copiedTables } from "../../../src/store/database-copy.js";
import { openDatabase } from "../../../src/store/sqlite/database.js";
import { printableLocation } from "../../../src/store/store.js";
import { describePostgres, usePostgresDatabase } from "../../helpers/postgres.js";
import { plainEnv, runFunnel } from "../../helpers/run-funnel.js";
import { useTempDir } from "../../helpers/temp-dir.js";

interface CopyJson {
  from: { location: string; engine: string };
  to: { location: string; engine: string };
  rows: number;
  tables: { table: string; rows: number; sha256: string; verified: boolean }[];
}

// One demo database for the file: every table but revisions holds rows.
let demoFolder: string;
const demo = () => join(demoFolder, "demo.db");
beforeAll(async () => {
  demoFolder = mkdtempSync(join(tmpdir(), "funnel-copy-"));
  const built = await runFunnel(["demo", "--db", demo()]);
  expect(built.code).toBe(0);
});
afterAll(() => rmSync(demoFolder, { recursive: true, force: true }));

const copy = async (from: string, to: string, ...more: string[]) =>
  runFunnel(["db", "copy", "--from", from, "--to", to, ...more]);

describe("funnel db copy between SQLite files", () => {
  const temp = useTempDir();

  it("copies every table of the schema", () => {
    const db = openDatabase(temp.path("schema.db"), {});
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((row) => row.name);
    db.close();
    expect(copiedTables.map((table) => table.name).sort()).toEqual(tables);
  });

  it("copies everything, ids kept, and checks each table: JSON says what", async () => {
    const run = await copy(demo(), temp.path("copy.db"), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as CopyJson;
    expect(result.from).toEqual({ location: demo(), engine: "sqlite" });
    expect(result.tables.map((table) => table.table)).toEqual(copiedTables.map((t) => t.name));
    expect(result.tables.find((table) => table.table === "leads")?.rows).toBe(300);
    expect(result.rows).toBe(result.tables.reduce((sum, table) => sum + table.rows, 0));
    // The same data reads the same: a copy of the copy has every digest of the first.
    const again = JSON.parse(
      (await copy(temp.path("copy.db"), temp.path("again.db"), "--json")).stdout,
    ) as CopyJson;
    expect(again.tables).toEqual(result.tables);
    // And every report reads the same.
    const report = (db: string) =>
      runFunnel([
        "report",
        "funnel",
        "--period",
        "2026",
        "--as-of",
        "2026-11-27",
        "--json",
        "--db",
        db,
      ]);
    expect((await report(temp.path("again.db"))).stdout).toBe((await report(demo())).stdout);
  });

  it("refuses a target that holds data, in one line, changing nothing", async () => {
    const target = temp.path("busy.db");
    expect(
      (await runFunnel(["rep", "add", "ana", "--name", "Ana", "--role", "ae", "--db", target]))
        .code,
    ).toBe(0);
    const run = await copy(demo(), target);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `funnel: ${target} already holds data (1 reps); db copy only copies into an empty database, and nothing was changed; pass a new file, or an empty PostgreSQL database (createdb NAME), to --to\n`,
    );
    const reps = await runFunnel(["rep", "list", "--json", "--db", target]);
    expect((JSON.parse(reps.stdout) as unknown[]).length).toBe(1);
  });

  it("refuses a missing source and the same database twice, creating nothing", async () => {
    const missing = await copy(temp.path("nowhere.db"), temp.path("new.db"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `funnel: there is no database at ${temp.path("nowhere.db")}; nothing was copied; pass the database to copy to --from\n`,
    );
    expect(existsSync(temp.path("new.db"))).toBe(false);
    const same = await copy(demo(), demo());
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/^funnel: --from and --to both name .*demo\.db; /);
  });
});

describePostgres("funnel db copy to PostgreSQL and back", () => {
  const database = usePostgresDatabase();
  const temp = useTempDir();
  const env = () => plainEnv({ PGPASSFILE: temp.path("none") });

  it("up and down again: the same rows and digests on both engines, and new ids after the copied ones", async () => {
    const up = await runFunnel(["db", "copy", "--from", demo(), "--to", database.url(), "--json"], {
      env: env(),
    });
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const upward = JSON.parse(up.stdout) as CopyJson;
    // As funnel prints the URL (CI's names the default port, which the printed form leaves out).
    expect(upward.to).toEqual({
      location: await printableLocation(database.url(), env()),
      engine: "postgres",
    });

    const down = await runFunnel(
      ["db", "copy", "--from", database.url(), "--to", temp.path("back.db"), "--json"],
      { env: env() },
    );
    expect(down.code).toBe(0);
    expect((JSON.parse(down.stdout) as CopyJson).tables).toEqual(upward.tables);

    // The identities moved past the copied ids: a new rep on PostgreSQL gets the id SQLite would.
    const added = async (db: string) => {
      const add = ["rep", "add", "zoe", "--name", "Zoe", "--role", "ae", "--db", db];
      expect((await runFunnel(add, { env: env() })).code).toBe(0);
      const shown = await runFunnel(["rep", "show", "zoe", "--json", "--db", db], { env: env() });
      return (JSON.parse(shown.stdout) as { rep: { id: number } }).rep.id;
    };
    const onSqlite = await added(temp.path("back.db"));
    expect(onSqlite).toBeGreaterThan(9);
    expect(await added(database.url())).toBe(onSqlite);

    // A second copy up is refused: the database holds data now.
    const twice = await runFunnel(["db", "copy", "--from", demo(), "--to", database.url()], {
      env: env(),
    });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /^funnel: postgres:\/\/.* already holds data \(4 import_batches, 10 reps, 300 leads, .*\); db copy only copies into an empty database, and nothing was changed; /,
    );
  });

  it("copies text COPY would misread (tabs, newlines, backslashes, \\N) as it is", async () => {
    const file = temp.path("odd.db");
    const name = "Tab\there, line\nbreak, back\\slash, \\N, ünï, 🦊";
    expect(
      (await runFunnel(["rep", "add", "odd", "--name", name, "--role", "ae", "--db", file])).code,
    ).toBe(0);
    const up = await runFunnel(["db", "copy", "--from", file, "--to", database.url(), "--json"], {
      env: env(),
    });
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const shown = await runFunnel(["rep", "show", "odd", "--json", "--db", database.url()], {
      env: env(),
    });
    expect((JSON.parse(shown.stdout) as { rep: { name: string } }).rep.name).toBe(name);
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { interruptWhileWriting } from "../reliability/database-state.js";

// Issue 13 section 1: real exports in on the first try, through one import pipeline.

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Runs funnel on `db`, expecting `code`. */
async function funnel(db: string, args: readonly string[], code = 0) {
  const result = await runFunnel(["--db", db, ...args]);
  expect(result.code, result.stderr).toBe(code);
  return result;
}

/** The summary's "Columns:" section, one `header  use` line per column. */
function columnsOf(stdout: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.indexOf("Columns:");
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith("  "));
  return rest
    .slice(0, end === -1 ? undefined : end)
    .map((line) => line.trim().replace(/ {2,}/, "  "));
}

/** The Kaggle CRM sales set's sales_teams.csv, as it is. */
const salesTeams =
  "sales_agent,manager,regional_office\n" +
  "Anna Snelling,Dustin Brinkmann,Central\n" +
  "Cecily Lampkin,Dustin Brinkmann,Central\n" +
  "Versie Hillebrand,Melvin Marxen,East\n";

describe("one import pipeline for all four kinds", () => {
  it("imports a team sheet of sales_agent, manager, regional_office as it is, naming the default role", async () => {
    const db = temp.path("funnel.db");
    const result = await funnel(db, [
      "import",
      temp.write("sales_teams.csv", salesTeams),
      "--type",
      "reps",
    ]);
    expect(result.stdout).toContain("read 3 = inserted 3 + updated 0 + unchanged 0 + rejected 0");
    expect(result.stdout).toContain(
      "3 new rep(s) have no role: added as ae (--role, or a Role column, gives another)",
    );
    expect(columnsOf(result.stdout)).toEqual([
      "sales_agent  -> name",
      "manager  -> manager",
      "regional_office  -> team",
    ]);
    expect(query(db, "SELECT handle, name, role, team, manager FROM reps ORDER BY handle")).toEqual(
      [
        {
          handle: "anna-snelling",
          name: "Anna Snelling",
          role: "ae",
          team: "Central",
          manager: "Dustin Brinkmann",
        },
        {
          handle: "cecily-lampkin",
          name: "Cecily Lampkin",
          role: "ae",
          team: "Central",
          manager: "Dustin Brinkmann",
        },
        {
          handle: "versie-hillebrand",
          name: "Versie Hillebrand",
          role: "ae",
          team: "East",
          manager: "Melvin Marxen",
        },
      ],
    );
  });

  it("takes --map (a field, =attribute, =ignore), --delimiter and --date-format for every kind", async () => {
    const db = temp.path("funnel.db");
    const reps = temp.write(
      "team.csv",
      "login;agent;Team;Office;Notes\nana;Ana Souza;East;Lisbon;x\nwei;Wei Chen;West;Porto;y\n",
    );
    const repsRun = await funnel(db, [
      ...["import", reps, "--type", "reps", "--delimiter", ";", "--role", "ae"],
      ...["--map", "login=handle,Office=territory,Team=ignore", "--date-format", "dd/MM/yyyy"],
    ]);
    expect(columnsOf(repsRun.stdout)).toEqual([
      "login  -> handle (--map)",
      "agent  -> name",
      "Team  ignored (--map)",
      "Office  -> territory (--map)",
      "Notes  ignored (not a rep field)",
    ]);
    expect(query(db, "SELECT handle, team, territory FROM reps ORDER BY handle")).toEqual([
      { handle: "ana", team: null, territory: "Lisbon" },
      { handle: "wei", team: null, territory: "Porto" },
    ]);
    const quotas = temp.write("quotas.csv", "who\tperiod\tgoal\tType\nana\t2026-10\t1000\tx\n");
    const quotasRun = await funnel(db, [
      ...["import", quotas, "--type", "quotas", "--delimiter", "tab"],
      ...["--map", "who=owner,Type=ignore", "--date-format", "dd/MM/yyyy"],
    ]);
    expect(quotasRun.stdout).toContain(
      "read 1 = inserted 1 + updated 0 + unchanged 0 + rejected 0",
    );
    const deals = temp.write(
      "deals.csv",
      "Deal ID,Owner,Stage,Opened,Amount,Internal\nD1,ana,Prospecting,31/10/2026,100,secret\n",
    );
    await funnel(db, [
      ...["import", deals, "--type", "deals", "--map", "Internal=ignore,Stage=attribute"],
      ...["--stage", "proposal", "--date-format", "dd/MM/yyyy"],
    ]);
    expect(query(db, "SELECT stage, opened_at, attributes FROM deals")).toEqual([
      {
        stage: "proposal",
        opened_at: "2026-10-31T00:00:00.000Z",
        attributes: '{"Stage":"Prospecting"}',
      },
    ]);
  });

  it("rolls a reps import back on Ctrl-C and exits 130", async () => {
    const db = temp.path("funnel.db");
    // Created (and migrated) first, so the only write lock below is the import's.
    await funnel(db, ["rep", "list"]);
    const rows = Array.from({ length: 200_000 }, (_, i) => `Rep ${i},ae,Team ${i % 50}`);
    const file = temp.write("big-team.csv", `Name,Role,Team\n${rows.join("\n")}\n`);
    const result = await runFunnel(["--db", db, "import", file, "--type", "reps"], {
      // Ctrl-C once the import holds the write lock, inside its transaction.
      onSpawn: (child) => interruptWhileWriting(db, child),
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe("funnel: interrupted; nothing was changed\n");
    expect(query(db, "SELECT count(*) AS n FROM reps")).toEqual([{ n: 0 }]);
    expect(query(db, "SELECT count(*) AS n FROM import_batches")).toEqual([{ n: 0 }]);
  });
});

describe("a guessed column never rejects rows", () => {
  const closedDeals =
    "opportunity_id,sales_agent,deal_stage,close_date,close_value,business_type\n" +
    "O1,Ana Souza,Won,2026-10-02,1000,reseller\n" +
    "O2,Ana Souza,Won,2026-10-03,2000,manufacturer\n" +
    "O3,Ana Souza,Won,2026-10-04,3000,reseller\n";

  it("keeps business_type as an attribute, says so and how to force it; --map rejects instead", async () => {
    const db = temp.path("funnel.db");
    await funnel(db, ["import", fixture("reps.csv"), "--type", "reps"]);
    const file = temp.write("closed.csv", closedDeals);
    const result = await funnel(db, ["import", file, "--type", "deals"]);
    expect(result.stdout).toContain("read 3 = inserted 3 + updated 0 + unchanged 0 + rejected 0");
    expect(columnsOf(result.stdout)).toContain(
      'business_type  kept as an attribute: 3 of its 3 values do not fit kind (line 2: unknown deal kind "reseller" in business_type (known: new, renewal, expansion)); --map "business_type=kind" takes it anyway, rejecting the rows that do not fit',
    );
    expect(query(db, "SELECT kind, attributes FROM deals WHERE external_id = 'O2'")).toEqual([
      { kind: "new", attributes: '{"business_type":"manufacturer"}' },
    ]);
    const forced = await funnel(
      db,
      ["import", file, "--type", "deals", "--map", "business_type=kind"],
      1,
    );
    expect(forced.stdout).toContain('3 x unknown deal kind "reseller" in business_type');
  });
});

describe("the summary and --dry-run show the mapping", () => {
  it("lists fields, attributes and ignored columns, and a dry run creates no database", async () => {
    const db = temp.path("never.db");
    const file = temp.write(
      "leads.csv",
      "Email,Company,Lead Status,Status,Notes,Internal\na@x.example,Acme,MQL,Hot,hi,z\n",
    );
    const result = await funnel(db, ["import", file, "--dry-run", "--map", "Internal=ignore"]);
    expect(result.stdout).toMatch(/^Dry run \(nothing written\): would import leads from /);
    expect(columnsOf(result.stdout)).toEqual([
      "Email  -> email",
      "Company  -> company",
      "Lead Status  -> stage",
      'Status  kept as an attribute (it looks like stage too; --map "Status=stage" uses it instead)',
      "Notes  kept as an attribute",
      "Internal  ignored (--map)",
    ]);
    expect(existsSync(db)).toBe(false);
  });

  it("a deals dry run creates no database, and reads the pipeline of the funnel.config.json the database would take in", async () => {
    const db = temp.path("never.db");
    temp.write(
      "funnel.config.json",
      '{ "pipeline": { "stages": { "demo": 30 }, "stageNames": { "Engaging": "demo" } } }',
    );
    const file = temp.write(
      "deals.csv",
      "Deal ID,Owner,Stage,Amount\nD1,Ana Souza,Engaging,100\nD2,Ana Souza,Engaging,200\n",
    );
    const args = ["import", file, "--type", "deals", "--create-reps"];
    const dryRun = await funnel(db, [...args, "--dry-run"]);
    expect(dryRun.stdout).toContain("read 2 = inserted 2 + updated 0 + unchanged 0 + rejected 0");
    expect(dryRun.stdout).not.toContain("stages the pipeline does not know");
    // The scratch database's copy of the file is gone with it: nothing was taken in.
    expect(dryRun.stderr).toBe("");
    expect(existsSync(db)).toBe(false);
    const result = await funnel(db, args);
    expect(result.stderr).toContain("took");
    expect(query(db, "SELECT stage FROM deals")).toEqual([{ stage: "demo" }, { stage: "demo" }]);
  });

  it("names a reps column whose values do not fit the field it looks like as ignored (reps keep no attributes)", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write("team.csv", "Name,Title\nAna Souza,Head of Fun\nWei Chen,Wizard\n");
    const result = await funnel(db, ["import", file, "--type", "reps"]);
    expect(columnsOf(result.stdout)).toEqual([
      "Name  -> name",
      'Title  ignored: 2 of its 2 values do not fit role (line 2: unknown role "Head of Fun" (known: sdr, ae, am, cs, manager, marketing)); --map "Title=role" takes it anyway, rejecting the rows that do not fit',
    ]);
  });

  it("says when every lead gets the import time, naming the columns that hold dates", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "mqls.csv",
      "mql_id,first_contact_date,landing_page_id,origin\n" +
        "m1,2017-10-01,p1,paid_search\n" +
        "m2,2017-10-02,p2,organic_search\n",
    );
    const result = await funnel(db, ["import", file]);
    expect(result.stdout).toContain(
      "  2 lead(s) have no created date: created at the import (no column gives a lead's created date)\n" +
        '  columns that hold dates: first_contact_date; --map "first_contact_date=created_at" gives the created date from one\n',
    );
    const dated = await funnel(db, ["import", file, "--map", "first_contact_date=created_at"]);
    expect(dated.stdout).toContain("read 2 = inserted 0 + updated 2 + unchanged 0 + rejected 0");
    expect(query(db, "SELECT created_at FROM leads ORDER BY id")).toEqual([
      { created_at: "2017-10-01T00:00:00.000Z" },
      { created_at: "2017-10-02T00:00:00.000Z" },
    ]);
  });
});

describe("sensible defaults, honest endings", () => {
  it("an import that rejects every row exits 1, keeps its rejects and records no batch", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write("bad.csv", "email,name\nnot-an-email,Ann\n@,Bob\n");
    const dryRun = await funnel(db, ["import", file, "--dry-run"], 1);
    expect(dryRun.stdout).toMatch(
      /^Dry run \(nothing written\): would import nothing from .*bad\.csv into .*: every row would be rejected\n/,
    );
    expect(dryRun.stderr).toBe(
      `funnel: every row of ${file} would be rejected; see the reasons above\n`,
    );
    expect(existsSync(db) || existsSync(temp.path("bad.rejects.csv"))).toBe(false);
    const result = await funnel(db, ["import", file], 1);
    expect(result.stdout).toMatch(
      /^Imported nothing from .*bad\.csv into .*: every row was rejected\n/,
    );
    expect(result.stderr).toBe(
      `funnel: every row of ${file} was rejected, so nothing was imported; fix the rows in ${temp.path("bad.rejects.csv")} and import that file\n`,
    );
    expect(existsSync(temp.path("bad.rejects.csv"))).toBe(true);
    expect(query(db, "SELECT count(*) AS n FROM import_batches")).toEqual([{ n: 0 }]);
  });

  it("says how many deals have no open date: opened at the import", async () => {
    const db = temp.path("funnel.db");
    await funnel(db, ["import", fixture("reps.csv"), "--type", "reps"]);
    const file = temp.write(
      "open.csv",
      "Deal ID,Owner,Stage,Amount\nD1,Ana Souza,Prospecting,100\nD2,Ana Souza,Proposal,200\n",
    );
    const result = await funnel(db, ["import", file, "--type", "deals"]);
    expect(result.stdout).toContain(
      "  2 deal(s) have no open date: opened at the import (no column gives a deal's open date)\n",
    );
  });
});

describe("rejects", () => {
  it("a rejects file belongs to the last import of its input: replaced, or removed when nothing is rejected", async () => {
    const db = temp.path("funnel.db");
    const rejects = temp.path("leads.rejects.csv");
    temp.write("leads.csv", "email,name\na@x.example,Ann\nbad,Bob\n");
    await funnel(db, ["import", temp.path("leads.csv")]);
    expect(readFileSync(rejects, "utf8")).toContain('bad,Bob,3,"invalid email ""bad"""');
    temp.write("leads.csv", "email,name\na@x.example,Ann\nworse,Bob\n");
    await funnel(db, ["import", temp.path("leads.csv")]);
    expect(readFileSync(rejects, "utf8")).not.toContain("bad,Bob");
    temp.write("leads.csv", "email,name\na@x.example,Ann\nbob@x.example,Bob\n");
    const clean = await funnel(db, ["import", temp.path("leads.csv")]);
    expect(clean.stdout).not.toContain("rejects.csv");
    expect(existsSync(rejects)).toBe(false);
  });

  it("counts each kind of reason with a few of its distinct values", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "dates.csv",
      "email,created\nok@x.example,2026-01-01\n" +
        ["02-29", "02-30", "13-01", "02-29"]
          .map((day, i) => `p${i}@x.example,2026-${day}`)
          .join("\n") +
        "\nq@x.example\nr@x.example,2026-01-01,extra,more\n",
    );
    const result = await funnel(db, ["import", file, "--map", "created=created_at"]);
    expect(result.stdout).toContain(
      '  4 x invalid date "2026-02-29" in created (expected YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss] or ISO 8601; see --date-format) (first at line 3)\n' +
        '      also "2026-02-30" (line 4), "2026-13-01" (line 5)\n',
    );
    expect(result.stdout).toContain(
      "  2 x has 1 fields, the header has 2 (first at line 7)\n" +
        "      also has 4 fields, the header has 2 (line 8)\n",
    );
  });

  it("keeps line and reason last for a row with extra fields, and leaves them out when the fixed file comes back", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write("leads.csv", "email,name\na@x.example,Ann\nb@x.example,Bob,oops\n");
    await funnel(db, ["import", file]);
    const rejects = readFileSync(temp.path("leads.rejects.csv"), "utf8").split("\n");
    expect(rejects[0]).toBe("email,name,line,reason");
    expect(rejects[1]).toBe(
      'b@x.example,Bob,3,"has 3 fields, the header has 2; extra fields: ""oops"""',
    );
    const again = await funnel(db, ["import", temp.path("leads.rejects.csv")]);
    expect(columnsOf(again.stdout)).toEqual([
      "email  -> email",
      "name  -> name",
      "line  ignored (--map)",
      "reason  ignored (--map)",
    ]);
    expect(query(db, "SELECT attributes FROM leads WHERE email = 'b@x.example'")).toEqual([
      { attributes: "{}" },
    ]);
  });
});

describe("re-imports say what they did", () => {
  it("a deals file imported again with a corrected --map applies it", async () => {
    const db = temp.path("funnel.db");
    await funnel(db, ["import", fixture("reps.csv"), "--type", "reps"]);
    const file = temp.write(
      "deals.csv",
      "id,owner,stage,amount,type\nD1,Ana Souza,Prospecting,100,upsell\nD2,Ana Souza,Prospecting,200,Upgrade\n",
    );
    await funnel(db, ["import", file, "--type", "deals", "--map", "type=attribute"]);
    const corrected = await funnel(db, ["import", file, "--type", "deals"]);
    expect(corrected.stdout).toContain(
      "read 2 = inserted 0 + updated 2 + unchanged 0 + rejected 0",
    );
    expect(corrected.stdout).toContain("with other options; its rows were applied again");
    expect(query(db, "SELECT kind FROM deals ORDER BY external_id")).toEqual([
      { kind: "expansion" },
      { kind: "expansion" },
    ]);
    const same = await funnel(db, ["import", file, "--type", "deals"]);
    expect(same.stdout).toContain("read 2 = inserted 0 + updated 0 + unchanged 2 + rejected 0");
    expect(same.stdout).toContain("with the same options; nothing in it was applied again");
  });

  it("a file whose earlier import rejected rows is applied again", async () => {
    const db = temp.path("funnel.db");
    await funnel(db, ["import", fixture("reps.csv"), "--type", "reps"]);
    const file = temp.write(
      "quotas.csv",
      "owner,period,target\nana-souza,2026-10,100\nzoe-kim,2026-10,300\n",
    );
    const first = await funnel(db, ["import", file, "--type", "quotas"]);
    expect(first.stdout).toContain("read 2 = inserted 1 + updated 0 + unchanged 0 + rejected 1");
    await funnel(db, ["rep", "add", "zoe-kim", "--role", "ae"]);
    const again = await funnel(db, ["import", file, "--type", "quotas"]);
    expect(again.stdout).toContain("read 2 = inserted 1 + updated 0 + unchanged 1 + rejected 0");
    expect(again.stdout).toContain("and 1 row(s) were rejected then; its rows were applied again");
  });

  it("counts a lead its rows leave as it was unchanged, and never says updated beside 'left as they are'", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "dupes.csv",
      "email,company,created\n" +
        "a@x.example,Old Co,2026-03-01\n" +
        "b@x.example,B Co,2026-03-01\n" +
        "a@x.example,New Co,2026-04-01\n",
    );
    const first = await funnel(db, ["import", file]);
    expect(first.stdout).toContain("read 3 = inserted 2 + updated 1 + unchanged 0 + rejected 0");
    // Other options: applied again; a@'s two rows, merged, leave it as it was.
    const again = await funnel(db, ["import", file, "--map", "company=company"]);
    expect(again.stdout).toContain("read 3 = inserted 0 + updated 0 + unchanged 3 + rejected 0");
    expect(again.stdout).toContain("with other options; its rows were applied again");
    // The later created date of a@'s second row never moved it.
    expect(query(db, "SELECT email, company, created_at FROM leads ORDER BY id")).toEqual([
      { email: "a@x.example", company: "New Co", created_at: "2026-03-01T00:00:00.000Z" },
      { email: "b@x.example", company: "B Co", created_at: "2026-03-01T00:00:00.000Z" },
    ]);
  });
});

import { copyFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { funnelBin, repoRoot, runCommand, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

function count(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

describe("funnel import (end to end, no TTY)", () => {
  it("imports the fixture into a new database, created 0600, and prints counts that add up", async () => {
    const db = temp.path("funnel.db");
    const result = await runFunnel(["--db", db, "import", fixture("leads.csv")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("read 60 = inserted 60 + updated 0 + unchanged 0 + rejected 0");
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(count(db, "SELECT count(*) FROM leads")).toBe(60);
    expect(count(db, "SELECT count(*) FROM stage_events")).toBe(60);
    expect(count(db, "SELECT count(*) FROM leads WHERE stage = 'mql'")).toBeGreaterThan(0);
    expect(existsSync(fixture("leads.rejects.csv"))).toBe(false);
  });

  it("uses FUNNEL_DB, then ./funnel.db, when --db is not given", async () => {
    const dir = temp.path("");
    const viaEnv = await runFunnel(["import", fixture("leads.csv"), "--json"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        CI: "true",
        NO_COLOR: "1",
        TZ: "UTC",
        FUNNEL_DB: join(dir, "env.db"),
      },
    });
    expect(viaEnv.code).toBe(0);
    expect(existsSync(join(dir, "env.db"))).toBe(true);
    const viaCwd = await runFunnel(["import", fixture("leads.csv"), "--json"], { cwd: dir });
    expect(viaCwd.code).toBe(0);
    expect(existsSync(join(dir, "funnel.db"))).toBe(true);
  });

  it("handles a messy export: BOM, CRLF, semicolons, quoted newlines, bad rows, duplicates", async () => {
    const file = temp.path("messy.csv");
    copyFileSync(fixture("messy-leads.csv"), file);
    const db = temp.path("funnel.db");
    const result = await runFunnel(["--db", db, "import", file, "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    // The date and the stage that do not fit their guessed columns are kept as attributes.
    expect(summary).toMatchObject({
      rowsRead: 7,
      inserted: 4,
      updated: 1,
      unchanged: 0,
      rejected: 2,
      unfit: [
        { header: "Date Created", field: "created_at", count: 1, line: 5 },
        { header: "Lifecycle Stage", field: "stage", count: 1, line: 10 },
      ],
    });
    const rejects = readFileSync(temp.path("messy.rejects.csv"), "utf8").split("\n");
    expect(rejects[0]).toBe(
      "E-mail Address,Full Name,Organization,Lead Source,Date Created,Lifecycle Stage,Notes,line,reason",
    );
    expect(rejects[1]).toMatch(/^bad-email,.*,4,"invalid email ""bad-email"""$/);
    expect(rejects[2]).toContain(",9,no email or external id");
    const lena = JSON.parse(
      (await runFunnel(["--db", db, "lead", "show", "lena@hooli.example", "--json"])).stdout,
    );
    expect(lena).toMatchObject({
      stage: "lead",
      attributes: { "Lifecycle Stage": "Customer Advocate" },
    });
    const show = await runFunnel(["--db", db, "lead", "show", "zoe@northwind.example", "--json"]);
    const lead = JSON.parse(show.stdout);
    expect(lead.company).toBe("Northwind Traders");
    expect(lead.stage).toBe("mql");
    expect(lead.attributes.Notes).toBe("met at booth\r\nfollow up in Q1");
    expect(lead.stage_history.map((event: { to_stage: string }) => event.to_stage)).toEqual([
      "lead",
      "mql",
    ]);
  });

  it("says so when the same file is imported again, and changes nothing", async () => {
    const db = temp.path("funnel.db");
    await runFunnel(["--db", db, "import", fixture("leads.csv")]);
    const again = await runFunnel(["--db", db, "import", fixture("leads.csv")]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("read 60 = inserted 0 + updated 0 + unchanged 60 + rejected 0");
    expect(again.stdout).toMatch(/imported before as batch 1/);
    expect(count(db, "SELECT count(*) FROM leads")).toBe(60);
    expect(count(db, "SELECT count(*) FROM stage_events")).toBe(60);
  });

  it("--dry-run reports the counts and writes nothing", async () => {
    const db = temp.path("funnel.db");
    const file = temp.path("messy.csv");
    copyFileSync(fixture("messy-leads.csv"), file);
    const result = await runFunnel(["--db", db, "import", file, "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Dry run (nothing written)");
    expect(result.stdout).toContain("read 7 = inserted 4 + updated 1 + unchanged 0 + rejected 2");
    // No database file either: the dry run ran in an empty one in memory.
    expect(existsSync(db)).toBe(false);
    expect(existsSync(temp.path("messy.rejects.csv"))).toBe(false);
  });

  it("reverts a batch exactly, refusing while a later batch builds on it", async () => {
    const db = temp.path("funnel.db");
    const first = temp.write(
      "first.csv",
      "Email,Name,Company,Lead Status\na@x.example,Ann,Old Co,Lead\nb@x.example,Ben,B Co,Lead\n",
    );
    const second = temp.write(
      "second.csv",
      "Email,Company,Lead Status\na@x.example,New Co,MQL\nc@x.example,C Co,Lead\n",
    );
    expect((await runFunnel(["--db", db, "import", first])).code).toBe(0);
    const afterFirst = await runFunnel(["--db", db, "export", "leads", "--format", "json"]);
    expect((await runFunnel(["--db", db, "import", second])).code).toBe(0);

    const refused = await runFunnel(["--db", db, "import", "revert", "1"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^funnel: batch 1 cannot be reverted: later imports changed its leads: batch 2/,
    );
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);

    const reverted = await runFunnel(["--db", db, "import", "revert", "2"]);
    expect(reverted.code).toBe(0);
    expect(reverted.stdout).toContain("1 lead(s) removed, 1 restored to their previous values");
    const afterRevert = await runFunnel(["--db", db, "export", "leads", "--format", "json"]);
    expect(afterRevert.stdout).toBe(afterFirst.stdout);
    expect(count(db, "SELECT count(*) FROM stage_events")).toBe(2);

    const list = await runFunnel(["--db", db, "import", "list", "--json"]);
    const batches = JSON.parse(list.stdout);
    expect(batches.map((batch: { status: string }) => batch.status.split(" ")[0])).toEqual([
      "imported",
      "reverted",
    ]);

    expect((await runFunnel(["--db", db, "import", "revert", "1"])).code).toBe(0);
    expect(count(db, "SELECT count(*) FROM leads")).toBe(0);
    const twice = await runFunnel(["--db", db, "import", "revert", "1"]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("already reverted");
  });

  it("refuses a revert that would give a lead back an email another lead holds now", async () => {
    // It ended in "internal error: UNIQUE constraint failed: leads.email".
    const db = temp.path("funnel.db");
    const run = (file: string, text: string) =>
      runFunnel(["--db", db, "import", temp.write(file, text)]);
    await run("a.csv", "Lead ID,Email\nX1,ann@x.example\n");
    await run("b.csv", "Lead ID,Email\nX1,ann@new.example\n");
    await run("c.csv", "Lead ID,Email\nX9,ann@x.example\n");
    const leads = () => count(db, "SELECT group_concat(id || '=' || email) FROM leads");
    const before = leads();
    const refused = await runFunnel(["--db", db, "import", "revert", "2"]);
    expect(refused).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "funnel: batch 2 cannot be reverted: lead 1 would get back its email ann@x.example, which lead 2 has now; revert batch 3, which added lead 2, first (funnel import revert 3), or keep batch 2\n",
    });
    expect(leads()).toBe(before);
    expect(count(db, "SELECT count(*) FROM import_batches WHERE reverted_at IS NOT NULL")).toBe(0);
  });

  it.each([
    ["an empty file", "", /is empty/],
    [
      "a binary file",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00]),
      /not a text CSV file/,
    ],
    ["a UTF-16 file", Buffer.from([0xff, 0xfe, 0x45, 0x00]), /UTF-16/],
    [
      "a file with no identity column",
      "Name,Company\nAnn,A\n",
      /no column holds an email or an external id.*--map/,
    ],
    [
      // Found by the import properties: a header's line break split the error over two lines.
      "a file with no identity column and a line break in a header",
      '"Lead\nMail",Name\nann@x.example,Ann\n',
      /no column holds an email.*--map "Lead\\nMail=email" \(columns: Lead\\nMail, Name\)/,
    ],
    [
      "a file with no identity column and an escape sequence in a header",
      '"\u001b[2JName",Company\nAnn,A\n',
      /no column holds an email.*\(columns: \\u001b\[2JName, Company\)/,
    ],
    ["an unclosed quote", 'Email,Name\na@x.example,"Ann\n', /never closed/],
    [
      "invalid UTF-8",
      Buffer.concat([
        Buffer.from("Email,Name\na@x.example,"),
        Buffer.from([0xff, 0xfa]),
        Buffer.from("\n"),
      ]),
      /is not valid UTF-8 .*; save it as UTF-8/,
    ],
  ])(
    "refuses %s with one line on stderr and exit 1, writing nothing",
    async (_name, content, message) => {
      const db = temp.path("funnel.db");
      const file = temp.write("input.csv", content);
      const result = await runFunnel(["--db", db, "import", file]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^funnel: [^\n]+\n$/);
      expect(count(db, "SELECT count(*) FROM import_batches")).toBe(0);
    },
  );

  it("refuses a missing file", async () => {
    const result = await runFunnel([
      "--db",
      temp.path("funnel.db"),
      "import",
      temp.path("nope.csv"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.csv: no such file; check the path/);
  });

  it.each(["leads", "deals"])(
    "refuses a pipe as the %s file, saying to save it first",
    async (type) => {
      const db = temp.path("piped.db");
      const result = await runCommand("sh", [
        "-c",
        'cat "$1" | "$0" --db "$2" import /dev/stdin --type "$3"',
        funnelBin,
        fixture(`${type}.csv`),
        db,
        type,
      ]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 1,
        stderr:
          "funnel: /dev/stdin is a pipe or a device, not a file; save the data to a file first, then import that file\n",
      });
    },
  );

  it("imports a header-only file as zero rows", async () => {
    const file = temp.write("header.csv", "Email,Name\n");
    const result = await runFunnel(["--db", temp.path("funnel.db"), "import", file, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: 0, inserted: 0, rejected: 0 });
  });

  it("leaves a database from a newer schema untouched", async () => {
    const db = temp.path("future.db");
    const handle = new Database(db);
    handle.pragma("user_version = 999");
    handle.exec("CREATE TABLE something (x)");
    handle.close();
    const before = readFileSync(db);
    const result = await runFunnel(["--db", db, "import", fixture("leads.csv")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema version 999, newer than this funnel understands/);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it("refuses a file that is not a database", async () => {
    const db = temp.write("notes.db", "just some text, not SQLite at all".repeat(100));
    const result = await runFunnel(["--db", db, "leads"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not a SQLite database/);
  });

  it("--on-duplicate error stops at the first duplicate and imports nothing", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "dups.csv",
      "Email,Name\na@x.example,Ann\nb@x.example,Ben\nA@X.example,Ann Again\n",
    );
    const result = await runFunnel(["--db", db, "import", file, "--on-duplicate", "error"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /line 4: duplicate of lead 1 \(a@x.example\); nothing was imported/,
    );
    expect(count(db, "SELECT count(*) FROM leads")).toBe(0);
  });

  it("--on-duplicate skip keeps the first row of a lead", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write("dups.csv", "Email,Name\na@x.example,Ann\nA@X.example,Ann Again\n");
    const result = await runFunnel(["--db", db, "import", file, "--on-duplicate", "skip"]);
    expect(result.stdout).toContain("read 2 = inserted 1 + updated 0 + unchanged 1 + rejected 0");
    expect(result.stdout).toContain(
      "matched a lead already in the database or earlier in the file (skipped)",
    );
    const lead = JSON.parse(
      (await runFunnel(["--db", db, "lead", "show", "a@x.example", "--json"])).stdout,
    );
    expect(lead.name).toBe("Ann");
  });

  it("--map, --date-format, --source and --stage apply as documented", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "custom.csv",
      "Contact Mail,Signup,Org,Origin\nann@x.example,10/31/2026,A Co,\nben@x.example,11/01/2026,B Co,seo\n",
    );
    const result = await runFunnel([
      "--db",
      db,
      "import",
      file,
      "--map",
      "Contact Mail=email,Signup=created_at",
      "--date-format",
      "MM/dd/yyyy",
      "--source",
      "web",
      "--stage",
      "mql",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ inserted: 2, rejected: 0 });
    const leads = JSON.parse((await runFunnel(["--db", db, "leads", "--json"])).stdout);
    expect(leads).toEqual([
      expect.objectContaining({
        email: "ben@x.example",
        source: "seo",
        stage: "mql",
        company: "B Co",
        created_at: "2026-11-01T00:00:00.000Z",
      }),
      expect.objectContaining({
        email: "ann@x.example",
        source: "web",
        stage: "mql",
        company: "A Co",
        created_at: "2026-10-31T00:00:00.000Z",
      }),
    ]);
  });

  it("rejects a bad --map with exit 1 and a usage hint", async () => {
    const result = await runFunnel([
      "--db",
      temp.path("f.db"),
      "import",
      fixture("leads.csv"),
      "--map",
      "Email=mail",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown field "mail"; use one of external_id, email/);
  });

  it("answers usage errors with exit 2 and one line that begins funnel:, hint kept", async () => {
    const cases: [string[], string][] = [
      [["import", fixture("leads.csv"), "--frobnicate"], "unknown option '--frobnicate'"],
      [
        ["import", fixture("leads.csv"), "--on-duplicate", "merge"],
        "option '--on-duplicate <action>' argument 'merge' is invalid. Allowed choices are update, skip, error.",
      ],
      [["import"], "missing required argument 'file'"],
      [["leads", "--limt", "3"], "unknown option '--limt' (Did you mean --limit?)"],
      [["lead", "shwo", "1"], "unknown command 'shwo' (Did you mean show?)"],
    ];
    for (const [args, message] of cases) {
      const result = await runFunnel(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toBe(`funnel: ${message}\n`);
    }
  });

  it("refuses a --date-format date-fns cannot read, exit 2, before the import", async () => {
    const badDateFormat = await runFunnel(["import", fixture("leads.csv"), "--date-format", "vvv"]);
    expect(badDateFormat).toMatchObject({
      code: 2,
      stderr:
        'funnel: --date-format "vvv" is not a date-fns format (Format string contains an unescaped latin alphabet character `v`), e.g. MM/dd/yyyy\n',
    });
  });

  it("lists the lead fields in import --help", async () => {
    const result = await runFunnel(["import", "--help"]);
    expect(result.code).toBe(0);
    for (const field of ["external_id", "email", "created_at", "stage", "score"])
      expect(result.stdout).toContain(field);
  });
});

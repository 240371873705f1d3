import { beforeEach, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();
let db: string;

beforeEach(async () => {
  db = temp.path("funnel.db");
  const file = temp.write(
    "leads.csv",
    [
      "Record ID,Email,Full Name,Company,Lead Source,Created Date,Lead Status,Lead Owner,Notes",
      'L1,ann@x.example,Ann Lee,=HYPERLINK("http://evil"),web,2026-10-05,MQL,maria,+1 555',
      'L2,ben@x.example,Ben Ode,"B, Inc.",seo,2026-09-30 23:59,Lead,,"two\nlines"',
      "L3,cy@x.example,\u001b[31mCy\u001b[0m,C Co,web,2026-11-02,SQL,maria,",
    ].join("\n"),
  );
  const result = await runMain(["--db", db, "import", file]);
  expect(result.code).toBe(0);
});

describe("funnel leads", () => {
  it("lists newest first, filters by stage, source, owner and created period", async () => {
    const all = JSON.parse((await runMain(["--db", db, "leads", "--json"])).stdout);
    expect(all.map((lead: { external_id: string }) => lead.external_id)).toEqual([
      "L3",
      "L1",
      "L2",
    ]);
    const web = JSON.parse(
      (await runMain(["--db", db, "leads", "--source", "WEB", "--json"])).stdout,
    );
    expect(web).toHaveLength(2);
    const mql = JSON.parse(
      (await runMain(["--db", db, "leads", "--stage", "mql", "--json"])).stdout,
    );
    expect(mql.map((lead: { email: string }) => lead.email)).toEqual(["ann@x.example"]);
    const maria = JSON.parse(
      (await runMain(["--db", db, "leads", "--owner", "maria", "--json"])).stdout,
    );
    expect(maria).toHaveLength(2);
    const october = JSON.parse(
      (await runMain(["--db", db, "leads", "--created", "2026-10", "--json"])).stdout,
    );
    expect(october.map((lead: { email: string }) => lead.email)).toEqual(["ann@x.example"]);
    const q3 = JSON.parse(
      (await runMain(["--db", db, "leads", "--created", "2026-Q3", "--json"])).stdout,
    );
    expect(q3.map((lead: { email: string }) => lead.email)).toEqual(["ben@x.example"]);
  });

  it("says on stderr when the list is cut by --limit", async () => {
    const result = await runMain(["--db", db, "leads", "--limit", "2", "--format", "csv"]);
    expect(result.stdout.trim().split("\n")).toHaveLength(3);
    expect(result.stderr).toBe("funnel: showing 2 of 3 leads; use --limit N or --all for more\n");
  });

  it("neutralises escape sequences in a table and escapes formulas in CSV", async () => {
    const table = await runMain(["--db", db, "leads"]);
    expect(table.stdout).not.toContain("\u001b");
    expect(table.stdout).toContain("\\u001b[31mCy\\u001b[0m");
    const csv = await runMain(["--db", db, "leads", "--format", "csv"]);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("writes --out files, choosing the format from the extension", async () => {
    const out = temp.path("reports/leads.md");
    const result = await runMain(["--db", db, "leads", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(out, "utf8")).toMatch(/^\| id \| external id \| email/);
  });

  it("rejects a period it does not know, with the forms it does", async () => {
    const result = await runMain(["--db", db, "leads", "--created", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--created "soon" is not a period; use one of 2026-10, 2026-Q4/);
  });
});

describe("funnel lead show", () => {
  it("shows fields, attributes and stage history, found by id, email or external id", async () => {
    for (const reference of ["1", "ANN@x.example", "L1"]) {
      const result = await runMain(["--db", db, "lead", "show", reference]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^id\s+1$/m);
      expect(result.stdout).toMatch(/^Notes\s+\+1 555$/m);
      expect(result.stdout).toMatch(/Stage history\n.*\n.*\s+mql\s+import \(batch 1\)/);
    }
  });

  it("fails clearly for an unknown lead", async () => {
    const result = await runMain(["--db", db, "lead", "show", "nobody@x.example"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'funnel: no lead "nobody@x.example"; give a lead id, email or external id (see funnel leads)\n',
    );
  });
});

describe("funnel export leads", () => {
  it("exports CSV with attribute columns and escaped formulas, which imports back", async () => {
    const out = temp.path("export.csv");
    const result = await runMain(["--db", db, "export", "leads", "--out", out]);
    expect(result.code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(out, "utf8");
    const [header] = text.split("\n");
    expect(header).toBe(
      "external_id,email,first_name,last_name,name,company,title,phone,country,source,campaign,created_at,owner,stage,score,Notes",
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // A phone-like cell names no function and no cell: exported as it is.
    expect(text).toContain(",+1 555\n");
    expect(text).not.toContain("'+1 555");
    expect(text).toContain('"two\nlines"');
    const copy = temp.path("copy.db");
    const reimport = await runMain(["--db", copy, "import", out, "--json"]);
    expect(JSON.parse(reimport.stdout)).toMatchObject({ inserted: 3, rejected: 0 });
    const original = JSON.parse((await runMain(["--db", db, "export", "leads", "--json"])).stdout);
    const copied = JSON.parse((await runMain(["--db", copy, "export", "leads", "--json"])).stdout);
    const comparable = (lead: Record<string, unknown>) => ({
      ...lead,
      updated_at: undefined,
      batch_id: undefined,
    });
    // The import takes off the apostrophe the export added: every value comes back equal.
    expect(copied.map(comparable)).toEqual(original.map(comparable));
  });

  it("exports JSON with attributes as an object", async () => {
    const result = await runMain(["--db", db, "export", "leads", "--json", "--stage", "sql"]);
    expect(result.code).toBe(0);
    const leads = JSON.parse(result.stdout);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ external_id: "L3", attributes: {} });
  });

  it("refuses a format it cannot write", async () => {
    const result = await runMain(["--db", db, "export", "leads", "--format", "md"]);
    expect(result.code).toBe(2);
  });
});

describe("funnel config and fiscal periods", () => {
  it("sets the fiscal year start, which --created quarters and years then follow", async () => {
    expect((await runMain(["--db", db, "config", "show"])).stdout).toMatch(
      /^fiscal-year-start = 1 \(default\)/,
    );
    const bad = await runMain(["--db", db, "config", "set", "fiscal-year-start", "13"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /fiscal-year-start "13" is not valid; give the month.s number, 1-12/,
    );
    const unknown = await runMain(["--db", db, "config", "set", "colour", "red"]);
    expect(unknown.stderr).toBe(
      'funnel: unknown setting "colour"; settings: fiscal-year-start, currency, timezone\n',
    );
    // It found Object's own constructor, and ended in an internal error.
    const inherited = await runMain(["--db", db, "config", "set", "constructor", "1"]);
    expect(inherited.stderr).toBe(
      'funnel: unknown setting "constructor"; settings: fiscal-year-start, currency, timezone\n',
    );

    expect((await runMain(["--db", db, "config", "set", "fiscal-year-start", "10"])).stdout).toBe(
      "fiscal-year-start = 10\n",
    );
    // With a year from October, FY2027-Q1 is October to December 2026: cy@ (2 Nov) and ann@ (5 Oct).
    const q1 = JSON.parse(
      (await runMain(["--db", db, "leads", "--created", "2027-Q1", "--json"])).stdout,
    );
    expect(q1.map((lead: { email: string }) => lead.email)).toEqual([
      "cy@x.example",
      "ann@x.example",
    ]);
    const fy = JSON.parse(
      (await runMain(["--db", db, "leads", "--created", "FY2026", "--json"])).stdout,
    );
    expect(fy.map((lead: { email: string }) => lead.email)).toEqual(["ben@x.example"]);
  });
});

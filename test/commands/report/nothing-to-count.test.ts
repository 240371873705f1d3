import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";

// Issue 13: a report with nothing to count says why in one sentence, instead of a table of
// zeros that looks like data. A database of deals alone (one file for the whole test file; the
// reports only read it), and one whose leads were all created in another year.
const dir = mkdtempSync(join(tmpdir(), "funnel-nothing-"));
const deals = join(dir, "deals.db");
const leads = join(dir, "leads.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ok(db: string, ...args: string[]): Promise<string> {
  const result = await runMain(["--db", db, ...args]);
  expect(result.stderr, args.join(" ")).toBe("");
  expect(result.code, args.join(" ")).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  writeFileSync(join(dir, "reps.csv"), "Name,Role\nAna,ae\nBo,ae\n");
  writeFileSync(
    join(dir, "deals.csv"),
    [
      "Sales Agent,Account,Deal Stage,Engage Date,Close Date,Close Value",
      "Ana,Acme,Won,2017-06-01,2017-07-10,10000",
      "Bo,Globex,Lost,2017-06-10,2017-07-20,2000",
    ].join("\n"),
  );
  await ok(deals, "import", join(dir, "reps.csv"), "--type", "reps");
  await ok(deals, "import", join(dir, "deals.csv"), "--type", "deals");
  writeFileSync(
    join(dir, "leads.csv"),
    "Email,Created Date,Lead Status\na@x.example,2018-03-05,MQL\nb@x.example,2018-04-20,Lead\n",
  );
  await ok(leads, "import", join(dir, "leads.csv"));
});

const july = ["--period", "2017-07", "--as-of", "2018-01-15"];
const noLeads =
  "No leads to count: the database has none, only 2 deals; bring leads in with: funnel import leads.csv";

describe("a leads report on a database of deals alone", () => {
  it("report funnel says so in one sentence, in table, md and JSON", async () => {
    expect(await ok(deals, "report", "funnel", ...july)).toBe(
      [
        "Funnel 2017-07 (2017-07-01 to 2017-07-31)",
        "cohort: leads created in the period, and how far they got by 2018-01-15",
        "",
        noLeads,
        "",
      ].join("\n"),
    );
    expect(
      await ok(deals, "report", "funnel", ...july, "--by", "source", "--format", "md"),
    ).toContain(`\n\n${noLeads}\n`);
    expect(JSON.parse(await ok(deals, "report", "funnel", ...july, "--json")).empty).toBe(noLeads);
  });

  it("report sources says so too", async () => {
    expect(await ok(deals, "report", "sources", ...july)).toBe(
      [
        "Sources 2017-07 (2017-07-01 to 2017-07-31), leads created in the period as of 2018-01-15",
        "",
        noLeads,
        "",
      ].join("\n"),
    );
    expect(JSON.parse(await ok(deals, "report", "sources", ...july, "--json")).empty).toBe(noLeads);
  });

  it("a period none of the database's leads were created in names when they were", async () => {
    const period = ["--period", "2017", "--as-of", "2018-12-31"];
    const why =
      "No leads were created in 2017; the database's 2 leads were created 2018-03-05 to 2018-04-20";
    expect(await ok(leads, "report", "funnel", ...period)).toContain(`\n\n${why}\n`);
    expect(await ok(leads, "report", "sources", ...period)).toContain(`\n\n${why}\n`);
    expect(await ok(leads, "report", "funnel", ...period, "--mode", "activity")).toContain(
      "\n\nNo lead moved to a stage in 2017; the database's 2 leads were created 2018-03-05 to 2018-04-20\n",
    );
  });
});

describe("a quota report with no quota in the period", () => {
  it("says there is no attainment, above what was achieved", async () => {
    const text = await ok(deals, "report", "quota", ...july);
    expect(text.split("\n").slice(2, 6)).toEqual([
      "",
      "No revenue quota covers 2017-07: no attainment to show, only what was achieved; set one with: funnel quota set REP 2017-07 TARGET (team:NAME for a team)",
      "",
      "rep    quota   achieved  attain %  gap  won  lost   avg deal  win %  quota basis",
    ]);
    const json = JSON.parse(await ok(deals, "report", "quota", ...july, "--json"));
    expect(json.no_quota).toMatch(/^No revenue quota covers 2017-07: /);
    expect(json.total.achieved).toBe(10_000);
  });

  it("with nothing achieved either, is that one sentence", async () => {
    expect(
      await ok(
        deals,
        "report",
        "quota",
        "--period",
        "2017-09",
        "--as-of",
        "2018-01-15",
        "--metric",
        "deals",
      ),
    ).toBe(
      [
        "Quota 2017-09 (2017-09-01 to 2017-09-30), closed: final figures",
        "per rep; quota and achieved count deals won",
        "",
        "No deals-won quota covers 2017-09 and nothing was achieved; set one with: funnel quota set REP 2017-09 TARGET --metric deals (team:NAME for a team)",
        "",
      ].join("\n"),
    );
  });
});

describe("the monthly digest", () => {
  it("says why each section has nothing to count, in md, HTML and JSON", async () => {
    const md = await ok(deals, "report", "monthly", ...july, "--format", "md");
    for (const section of [
      `## Funnel (leads created in the period, how far they got)\n\n${noLeads}\n`,
      `## Sources (leads created in the period)\n\n${noLeads}\n`,
      "## SLA\n\nNo SLA is set; set one with: funnel sla set --mql-target N --follow-up-hours H --decision-days D\n",
      "## MQLs per source, 2017-02 to 2017-07\n\nNo lead became an MQL in these months\n",
    ])
      expect(md).toContain(section);
    // Revenue was won in July: the quota section shows it, and says there is no quota.
    expect(md).toContain("| ana |  | 10,000.00 |");
    expect(md).toContain("No revenue quota covers 2017-07: no attainment to show");
    const html = await ok(deals, "report", "monthly", ...july, "--format", "html");
    expect(html).toContain(
      '<section data-section="Funnel (leads created in the period, how far they got)"><h2>Funnel (leads created in the period, how far they got)</h2>' +
        `<p>${noLeads}</p></section>`,
    );
    const json = JSON.parse(await ok(deals, "report", "monthly", ...july, "--json"));
    expect(Object.keys(json.empty)).toEqual(["funnel", "sources", "sla", "mql_trend"]);
    expect(json.empty.funnel).toBe(noLeads);
  });

  it("says so for the quota and the pipeline when neither month has any", async () => {
    // Both deals closed in July: nothing was won, lost or open in August and September.
    const md = await ok(
      deals,
      "report",
      "monthly",
      "--period",
      "2017-09",
      "--as-of",
      "2018-01-15",
      "--format",
      "md",
    );
    expect(md).toContain(
      "## Quota attainment, revenue won (USD)\n\nNo revenue quota covers 2017-09 or 2017-08 and nothing was achieved; set one with: funnel quota set REP 2017-09 TARGET (team:NAME for a team)\n\n## Funnel",
    );
    expect(md).toContain(
      "## Open pipeline at the end of the period (USD)\n\nNo deal was open at the end of 2017-09 or of 2017-08\n",
    );
  });
});

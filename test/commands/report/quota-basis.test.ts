import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";

// Issue 13: attainment with a quota that covers only some of a row's reps or months compares
// like with like. One database for the file (the reports only read it); the figures are worked
// out by hand from the deals below.
const dir = mkdtempSync(join(tmpdir(), "funnel-quota-basis-"));
const db = join(dir, "funnel.db");
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ok(...args: string[]): Promise<string> {
  const result = await funnel(...args);
  expect(result.stderr, args.join(" ")).toBe("");
  expect(result.code, args.join(" ")).toBe(0);
  return result.stdout;
}

// Six reps name their manager by name; she becomes a rep afterwards.
const reps = [
  "Name,Role,Team,Manager",
  ...["Ana", "Bo", "Cy", "Di", "Ed", "Fay"].map((name) => `${name},ae,central,Maria Lopes`),
].join("\n");

// Won in 2017, by month: Feb 4,000 (ana); Mar 3,000 (bo); Jun 2,500 (ana);
// Jul 32,500 (ana 10,000, bo 20,000, di 2,000, maria 500); Aug 5,000 (cy, who also lost 1,000);
// Sep 1,500 (fay); Oct 6,000 (ana); Nov 7,000 (ed). Open since June: bo 8,000 expected
// 2017-09-20, ed 9,000 expected 2017-11-30.
const deals = [
  "Opportunity ID,Sales Agent,Account,Deal Stage,Engage Date,Close Date,Close Value",
  "D01,Ana,Acme,Won,2017-01-10,2017-02-15,4000",
  "D02,Ana,Acme,Won,2017-05-01,2017-06-20,2500",
  "D03,Ana,Acme,Won,2017-06-01,2017-07-10,10000",
  "D04,Ana,Acme,Won,2017-09-01,2017-10-05,6000",
  "D05,Bo,Globex,Won,2017-01-20,2017-03-01,3000",
  "D06,Bo,Globex,Won,2017-06-10,2017-07-20,20000",
  "D07,Cy,Initech,Won,2017-07-01,2017-08-01,5000",
  "D08,Cy,Initech,Lost,2017-07-01,2017-08-03,1000",
  "D09,Di,Hooli,Won,2017-06-01,2017-07-05,2000",
  "D10,Ed,Umbrella,Won,2017-09-01,2017-11-11,7000",
  "D11,Fay,Stark,Won,2017-08-01,2017-09-12,1500",
  "D12,Maria Lopes,Wayne,Won,2017-07-01,2017-07-28,500",
  "D13,Bo,Tyrell,Prospecting,2017-06-01,2017-09-20,8000",
  "D14,Ed,Cyberdyne,Prospecting,2017-06-01,2017-11-30,9000",
].join("\n");

/** What `rep add` said when the manager became a rep. */
let added = "";

beforeAll(async () => {
  writeFileSync(join(dir, "reps.csv"), reps);
  writeFileSync(join(dir, "deals.csv"), deals);
  await ok("import", join(dir, "reps.csv"), "--type", "reps");
  added = await ok(
    ..."rep add maria-lopes --name".split(" "),
    "Maria Lopes",
    ..."--role manager --team central".split(" "),
  );
  await ok("import", join(dir, "deals.csv"), "--type", "deals");
  for (const [owner, period, target] of [
    ["ana", "2017-06", "5k"],
    ["ana", "2017-07", "8k"],
    ["bo", "2017-07", "25k"],
    ["team:central", "2017-Q3", "40k"],
  ] as const)
    await ok("quota", "set", owner, period, target);
});

interface Row {
  name: string;
  reps: number;
  quota: number | null;
  achieved: number;
  uncovered: number | null;
  attainment_pct: number | null;
  expected: number | null;
  pacing_pct: number | null;
  projection: number | null;
  gap: number | null;
  won: number;
  lost: number;
  pipeline: number | null;
  coverage: number | null;
  basis: string | null;
  left_out: string | null;
}

async function report(...args: string[]): Promise<{ rows: Row[]; total: Row; notes: string[] }> {
  return JSON.parse(await ok("report", "quota", "--json", ...args));
}

describe("a quota for some of a manager's reps", () => {
  it("compares the covered reps' revenue with their quotas, the rest uncovered beside it", async () => {
    // July: ana 10,000 of 8,000 and bo 20,000 of 25,000 have quotas; di, maria and the others
    // (2,500 between them) have none. Main counted all 32,500 against 33,000 (98.5 %), and
    // left maria out of her own row.
    const july = await report("--period", "2017-07", "--by", "manager", "--as-of", "2018-01-15");
    const expected = {
      reps: 7,
      quota: 33_000,
      achieved: 30_000,
      uncovered: 2_500,
      attainment_pct: 90.9,
      gap: 3_000,
      won: 4,
      basis: "sum of 2 rep quotas (2 of 7 have one)",
    };
    expect(july.rows).toHaveLength(1);
    expect(july.rows[0]).toMatchObject({
      name: "maria-lopes",
      ...expected,
      left_out: "maria-lopes, cy, di, ed, fay (no quota)",
    });
    expect(july.total).toMatchObject({ name: "total", ...expected });
    expect(july.notes).toContain("maria-lopes leaves out maria-lopes, cy, di, ed, fay (no quota)");
  });

  it("shows the uncovered part and names it in every format", async () => {
    const args = ["--period", "2017-07", "--by", "manager", "--as-of", "2018-01-15"];
    const table = await ok("report", "quota", ...args);
    expect(table).toContain(
      "manager      reps      quota   achieved  uncovered  attain %       gap  won  lost  avg deal  win %  quota basis\n" +
        "maria-lopes     7  33,000.00  30,000.00   2,500.00      90.9  3,000.00    4     0  8,125.00    100  sum of 2 rep quotas (2 of 7 have one)\n",
    );
    expect(table).toContain("\nmaria-lopes leaves out maria-lopes, cy, di, ed, fay (no quota)\n");
    const md = await ok("report", "quota", ...args, "--format", "md");
    expect(md).toContain("| maria-lopes | 7 | 33,000.00 | 30,000.00 | 2,500.00 | 90.9 |");
    expect(md).toContain("maria-lopes leaves out maria-lopes, cy, di, ed, fay (no quota)");
    const csv = (await ok("report", "quota", ...args, "--format", "csv")).split("\n");
    expect(csv[0]).toMatch(/^name,reps,quota,achieved,uncovered,attainment_pct,.*,basis,left_out$/);
    expect(csv[1]).toMatch(
      /^maria-lopes,7,33000,30000,2500,90.9,.*,sum of 2 rep quotas \(2 of 7 have one\),"maria-lopes, cy, di, ed, fay \(no quota\)"$/,
    );
  });
});

describe("a quota for some months of the period", () => {
  it("a year with only a Q3 quota: Q3's revenue over it, the other months uncovered", async () => {
    // Q3 won 39,000 of 40,000; the other months 22,500. Main: 61,500 over 40,000 (153.8 %).
    const year = await report("--period", "2017", "--by", "team", "--as-of", "2018-01-15");
    const expected = {
      quota: 40_000,
      achieved: 39_000,
      uncovered: 22_500,
      attainment_pct: 97.5,
      gap: 1_000,
      won: 11,
      lost: 1,
    };
    expect(year.rows[0]).toMatchObject({
      name: "central",
      ...expected,
      basis: "2017-Q3 (no quota for 2017-01 to 2017-06, 2017-10 to 2017-12)",
      left_out: "2017-01 to 2017-06, 2017-10 to 2017-12",
    });
    expect(year.total).toMatchObject({ ...expected, basis: "sum of the team quotas" });
  });

  it("paces through the quota's time: half of Q3 gone on 15 August", async () => {
    // 1 July to the end of 15 August is 46 of Q3's 92 days. Won in it: 32,500 + 5,000; before
    // it, 9,500. Expected by then: 20,000. The open deals: bo's 8,000 closes in Q3, ed's 9,000
    // after it, so coverage is 8,000 / (40,000 - 37,500). Main gave 47,000 over 40,000 and no
    // pace.
    const year = await report("--period", "2017", "--by", "team", "--as-of", "2017-08-15");
    expect(year.rows[0]).toMatchObject({
      quota: 40_000,
      achieved: 37_500,
      uncovered: 9_500,
      attainment_pct: 93.8,
      expected: 20_000,
      pacing_pct: 187.5,
      projection: 75_000,
      gap: 2_500,
      pipeline: 17_000,
      coverage: 3.2,
    });
  });

  it("--fail-under judges the covered part", async () => {
    // Over the year, main put central at 153.8 %; like with like it is 97.5 %.
    const result = await funnel(
      ..."report quota --period 2017 --by team --as-of 2018-01-15 --fail-under 98".split(" "),
    );
    expect(result.stderr).toBe(
      "funnel: 1 of 1 teams under 98 % attainment for 2017: central 97.5 %\n",
    );
    expect(result.code).toBe(3);
  });
});

describe("the monthly digest", () => {
  it("compares like with like, and gives no change between quotas for other reps", async () => {
    // July: ana 125 % (June: 2,500 of 5,000, 50 %), bo 80 % (no June quota); the total is
    // ana's and bo's 30,000 of 33,000, June's ana alone: no change between them. Main showed
    // the total at 98.5 % with +48.5 pp.
    const digest = JSON.parse(
      await ok("report", "monthly", "--period", "2017-07", "--as-of", "2018-01-15", "--json"),
    ) as { quota: Record<string, unknown>[] };
    const rep = (name: string) => digest.quota.find((row) => row.rep === name);
    expect(rep("ana")).toMatchObject({ attainment_pct: 125, previous_pct: 50, change_pp: "+75" });
    expect(rep("total")).toMatchObject({
      quota: 33_000,
      achieved: 30_000,
      uncovered: 2_500,
      attainment_pct: 90.9,
      previous_pct: 50,
      change_pp: null,
      left_out: "cy, di, ed, fay, maria-lopes (no quota)",
    });
    const md = await ok(
      "report",
      "monthly",
      "--period",
      "2017-07",
      "--as-of",
      "2018-01-15",
      "--format",
      "md",
    );
    expect(md).toContain("| total | 33,000.00 | 30,000.00 | 2,500.00 | 90.9 | 50 |  | 4 | 100 |");
    expect(md).toContain("total leaves out cy, di, ed, fay, maria-lopes (no quota)");
    expect(md).toContain("change pp is blank where the quota covers other reps than in 2017-06");
    const html = await ok(
      "report",
      "monthly",
      "--period",
      "2017-07",
      "--as-of",
      "2018-01-15",
      "--format",
      "html",
    );
    expect(html).toContain('<td class="num" data-key="uncovered">2,500.00</td>');
    expect(html).toContain(
      '<p class="note">total leaves out cy, di, ed, fay, maria-lopes (no quota)</p>',
    );
  });
});

describe("a manager added as a rep after the reps who name them", () => {
  it("is linked at once to those reps, so that --by manager rows and the total agree", async () => {
    expect(added).toBe(
      "Added rep maria-lopes (Maria Lopes, manager, team central), manager of 6 rep(s) who named them: ana, bo, cy, di, ed, fay\n",
    );
    const list = JSON.parse(await ok("rep", "list", "--json")) as {
      handle: string;
      manager: string | null;
    }[];
    expect(list.map((rep) => [rep.handle, rep.manager])).toEqual([
      ["ana", "maria-lopes"],
      ["bo", "maria-lopes"],
      ["cy", "maria-lopes"],
      ["di", "maria-lopes"],
      ["ed", "maria-lopes"],
      ["fay", "maria-lopes"],
      ["maria-lopes", null],
    ]);
    // The year: 61,500 won in 11 deals, maria's 500 among them, all in her row.
    const year = await report("--period", "2017", "--by", "manager", "--as-of", "2018-01-15");
    expect(year.rows.map((row) => [row.name, row.reps, row.won])).toEqual([["maria-lopes", 7, 11]]);
    expect(year.total).toMatchObject({ reps: 7, won: 11 });
    const sum = (row: Row) => row.achieved + (row.uncovered ?? 0);
    expect(sum(year.rows[0] as Row)).toBe(61_500);
    expect(sum(year.total)).toBe(61_500);
    expect(year.notes.join("\n")).not.toContain("in the total only");
  });

  it("joins their row when a later reps import brings them in", async () => {
    const other = join(dir, "other.db");
    const run = async (...args: string[]) => {
      const result = await runMain(["--db", other, ...args]);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    writeFileSync(join(dir, "team.csv"), "Name,Role,Manager\nGus,ae,Zed Boss\nHal,ae,Zed Boss\n");
    writeFileSync(join(dir, "boss.csv"), "Name,Role\nZed Boss,manager\n");
    await run("import", join(dir, "team.csv"), "--type", "reps");
    await run("import", join(dir, "boss.csv"), "--type", "reps");
    const managers = JSON.parse(
      await run(
        "report",
        "quota",
        "--by",
        "manager",
        "--period",
        "2017-07",
        "--as-of",
        "2018-01-15",
        "--json",
      ),
    ) as { rows: Row[]; total: Row; notes: string[] };
    expect(managers.rows.map((row) => [row.name, row.reps])).toEqual([["zed-boss", 3]]);
    expect(managers.total.reps).toBe(3);
    expect(managers.notes).toEqual([]);
  });
});

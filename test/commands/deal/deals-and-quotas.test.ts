import { existsSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { plainEnv } from "../../helpers/run-funnel.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();
const esc = String.fromCharCode(27);
let db: string;
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);

async function ok(...args: string[]): Promise<string> {
  const result = await funnel(...args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

interface Row {
  name: string;
  quota: number | null;
  achieved: number;
  attainment_pct: number | null;
  pacing_pct: number | null;
  projection: number | null;
  gap: number | null;
  won: number;
  lost: number;
  average_deal: number | null;
  win_rate_pct: number | null;
  pipeline: number | null;
  weighted_pipeline: number | null;
  coverage: number | null;
  basis: string | null;
}

async function report(...args: string[]): Promise<{ rows: Row[]; total: Row; status: string }> {
  return JSON.parse(await ok("report", "quota", "--json", ...args));
}

beforeEach(async () => {
  db = temp.path("funnel.db");
  const leads = temp.write(
    "leads.csv",
    [
      "Email,Name,Company,Lead Status,Created Date",
      "a@x.example,Ann,Acme,SQL,2026-09-01",
      "b@x.example,Ben,Globex,MQL,2026-09-02",
    ].join("\n"),
  );
  await ok("import", leads);
  await ok("rep", "add", "ana", "--role", "ae", "--team", "east");
  await ok("rep", "add", "bo", "--role", "ae", "--team", "east", "--manager", "ana");
  await ok("rep", "add", "cy", "--role", "ae", "--team", "west");
});

describe("deals", () => {
  it("opens, moves, wins and loses deals, moving their leads along", async () => {
    expect(
      await ok(
        "deal",
        "add",
        "--owner",
        "ana",
        "--lead",
        "a@x.example",
        "--amount",
        "12,500.00",
        "--at",
        "2026-10-05",
      ),
    ).toBe(
      "Deal 1 opened for ana: Acme, 12,500.00 USD, at prospecting (10 %); lead 1 -> opportunity\n",
    );
    expect(await ok("deal", "stage", "1", "Proposal", "--at", "2026-10-10")).toBe(
      "Deal 1 (Acme, 12,500.00 USD): prospecting -> proposal\n",
    );
    expect(await ok("deal", "won", "1", "--amount", "13k", "--at", "2026-10-20")).toBe(
      "Deal 1 (Acme, 13,000.00 USD): proposal -> won; lead 1 -> customer\n",
    );
    await ok(
      "deal",
      "add",
      "--owner",
      "bo",
      "--account",
      "Initech",
      "--amount",
      "5k",
      "--at",
      "2026-10-06",
    );
    expect(
      await ok("deal", "lost", "2", "--reason", "chose a competitor", "--at", "2026-10-21"),
    ).toBe('Deal 2 (Initech, 5,000.00 USD): prospecting -> lost ("chose a competitor")\n');
    const lead = JSON.parse(await ok("lead", "show", "a@x.example", "--json"));
    expect(lead.stage).toBe("customer");
    expect(
      lead.stage_history.map((e: { to_stage: string; reason: string }) => [e.to_stage, e.reason]),
    ).toEqual([
      ["sql", null],
      ["opportunity", "deal 1 opened"],
      ["customer", "deal 1 won"],
    ]);
    const shown = JSON.parse(await ok("deal", "show", "1", "--json"));
    expect(shown).toMatchObject({ amount: 13000, currency: "USD", stage: "won", probability: 100 });
    expect(shown.stage_history.map((e: { to_stage: string }) => e.to_stage)).toEqual([
      "prospecting",
      "proposal",
      "won",
    ]);
    const list = JSON.parse(await ok("deals", "--status", "closed", "--json"));
    expect(
      list.map((d: { id: number; stage: string; amount: number }) => [d.id, d.stage, d.amount]),
    ).toEqual([
      [2, "lost", 5000],
      [1, "won", 13000],
    ]);
    expect(JSON.parse(await ok("deals", "--owner", "bo", "--json"))).toHaveLength(1);
    const csv = await ok("deals", "--format", "csv");
    expect(csv.split("\n")[0]).toBe(
      "id,external_id,name,account,owner,stage,amount,currency,kind,opened_at,expected_close,closed_at,lead_id",
    );
  });

  it.each([
    [
      ["deal", "add", "--owner", "zed"],
      1,
      'funnel: there is no rep "zed"; see the reps with: funnel rep list\n',
    ],
    [
      ["deal", "add", "--owner", "ana", "--amount", "12,50,0"],
      1,
      'funnel: --amount: "12,50,0" is not an amount (digits are grouped in threes: 1,234,567.89); write it like 12500, 12,500.00 or 12.5k (USD)\n',
    ],
    [
      ["deal", "add", "--owner", "ana", "--amount", "EUR 5"],
      1,
      'funnel: --amount: amount "EUR 5" is in EUR, but this database keeps USD; write it like 12500, 12,500.00 or 12.5k (USD)\n',
    ],
    [
      ["deal", "add", "--owner", "ana", "--stage", "dreaming"],
      1,
      'funnel: "dreaming" is not a stage of the pipeline; stages: prospecting, qualification, proposal, negotiation (change them in the configuration ("pipeline"): funnel config export, then funnel config load)\n',
    ],
    [
      ["deal", "add", "--owner", "ana", "--stage", "won"],
      1,
      "funnel: a deal is closed with funnel deal won, not by moving it; funnel deal won <deal>\n",
    ],
    [
      ["deal", "add", "--owner", "ana", "--expected-close", "2026-02-30"],
      2,
      'funnel: --expected-close "2026-02-30" is not a date (YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss] or ISO 8601)\n',
    ],
    [
      ["deal", "won", "9"],
      1,
      'funnel: no deal "9"; give a deal id or external id (see funnel deals)\n',
    ],
  ])("refuses %j with exit %i", async (args, code, stderr) => {
    const result = await funnel(...args);
    expect(result.stderr).toBe(stderr);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
  });

  it("refuses to win a deal without an amount, to close one twice, or to lose one without a reason", async () => {
    await ok("deal", "add", "--owner", "ana", "--at", "2026-10-05");
    const noAmount = await funnel("deal", "won", "1");
    expect(noAmount.stderr).toBe("funnel: deal 1 has no amount; pass --amount with what was won\n");
    expect(noAmount.code).toBe(1);
    const early = await funnel("deal", "won", "1", "--amount", "5", "--at", "2026-10-01");
    expect(early.stderr).toMatch(/is before deal 1's last change/);
    await ok("deal", "won", "1", "--amount", "5k", "--at", "2026-10-07");
    const again = await funnel("deal", "lost", "1", "--reason", "oops");
    expect(again.stderr).toMatch(
      /^funnel: deal 1 is won already \(on 2026-10-07\); cannot lose it; closed deals are final/,
    );
    expect(again.code).toBe(1);
    const noReason = await funnel("deal", "lost", "1");
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '--reason <reason>' not specified/);
  });

  it("keeps one currency: set before the first deal, refused after", async () => {
    expect(await ok("config", "set", "currency", "jpy")).toBe("currency = JPY\n");
    expect(await ok("deal", "add", "--owner", "ana", "--amount", "1.2m")).toMatch(/1,200,000 JPY/);
    const change = await funnel("config", "set", "currency", "EUR");
    expect(change.stderr).toBe(
      "funnel: the database keeps amounts in JPY already; the currency is set once; start a new database (--db) for another currency\n",
    );
    expect(change.code).toBe(1);
    const bad = await funnel("config", "set", "currency", "dollars");
    expect(bad.stderr).toMatch(
      /^funnel: currency "dollars" is not valid; give a three-letter ISO 4217 code/,
    );
  });
});

describe("quotas and the quota report", () => {
  beforeEach(async () => {
    // October: ana wins 13k and loses one; bo wins 5k. November: ana has 40k open, closing in the month.
    await ok("deal", "add", "--owner", "ana", "--amount", "13k", "--at", "2026-10-02");
    await ok("deal", "won", "1", "--at", "2026-10-20");
    await ok("deal", "add", "--owner", "ana", "--amount", "2k", "--at", "2026-10-02");
    await ok("deal", "lost", "2", "--reason", "budget", "--at", "2026-10-25");
    await ok("deal", "add", "--owner", "bo", "--amount", "5k", "--at", "2026-10-03");
    await ok("deal", "won", "3", "--at", "2026-10-31 23:59");
    await ok(
      "deal",
      "add",
      "--owner",
      "ana",
      "--amount",
      "40k",
      "--stage",
      "proposal",
      "--expected-close",
      "2026-11-25",
      "--at",
      "2026-11-02",
    );
    await ok(
      "deal",
      "add",
      "--owner",
      "ana",
      "--amount",
      "10k",
      "--expected-close",
      "2027-01-15",
      "--at",
      "2026-11-03",
    );
    await ok("quota", "set", "ana", "2026-Q4", "60k");
    await ok("quota", "set", "bo", "2026-10", "10,000");
    await ok("quota", "set", "team:east", "2026-Q4", "90k");
  });

  it("sets and lists quotas, changing one in place", async () => {
    expect(await ok("quota", "set", "bo", "2026-10", "8k")).toBe(
      "Quota bo 2026-10 revenue: 8,000.00 USD (was 10,000.00 USD)\n",
    );
    expect(await ok("quota", "set", "cy", "2026-Q4", "12", "--metric", "deals")).toBe(
      "Quota cy 2026-Q4 deals: 12 deals\n",
    );
    const quotas = JSON.parse(await ok("quota", "list", "--json"));
    expect(
      quotas.map((q: { owner: string; period: string; target: number }) => [
        q.owner,
        q.period,
        q.target,
      ]),
    ).toEqual([
      ["team:east", "2026-Q4", 90000],
      ["ana", "2026-Q4", 60000],
      ["cy", "2026-Q4", 12],
      ["bo", "2026-10", 8000],
    ]);
    for (const [args, message] of [
      [
        ["quota", "set", "ana", "ytd", "5"],
        'funnel: quota period "ytd" is not a month, quarter or year',
      ],
      [["quota", "set", "team:north", "2026-10", "5"], 'funnel: no rep is in team "north"'],
      [["quota", "set", "ana", "2026-10", "-5"], 'funnel: target: amount "-5" is negative'],
      [
        ["quota", "set", "ana", "2026-10", "2.5", "--metric", "deals"],
        'funnel: target "2.5" is not a whole number',
      ],
    ] as const) {
      const result = await funnel(...args);
      expect(result.stderr.startsWith(message)).toBe(true);
      expect(result.code).toBe(1);
    }
  });

  it("reports a closed month: final figures, a quarter quota's third, win rate and deal size", async () => {
    const october = await report("--period", "2026-10", "--as-of", "2026-11-27");
    expect(october.status).toBe("closed");
    expect(october.rows.map((row) => row.name)).toEqual(["ana", "bo", "cy"]);
    expect(october.rows[0]).toMatchObject({
      quota: 20000,
      achieved: 13000,
      attainment_pct: 65,
      pacing_pct: null,
      projection: null,
      gap: 7000,
      won: 1,
      lost: 1,
      average_deal: 13000,
      win_rate_pct: 50,
      pipeline: null,
      coverage: null,
      basis: "2026-Q4 × 1/3",
    });
    // Won at 23:59 on the last day: in October.
    expect(october.rows[1]).toMatchObject({
      quota: 10000,
      achieved: 5000,
      attainment_pct: 50,
      basis: "2026-10",
    });
    expect(october.rows[2]).toMatchObject({
      quota: null,
      achieved: 0,
      attainment_pct: null,
      basis: null,
    });
    expect(october.total).toMatchObject({ quota: 30000, achieved: 18000, attainment_pct: 60 });
  });

  it("reports a month in progress: pacing, projection and coverage as of a day", async () => {
    const november = await report("--period", "2026-11", "--as-of", "2026-11-16");
    expect(november.status).toBe("in progress");
    expect(november.rows[0]).toMatchObject({
      quota: 20000,
      achieved: 0,
      attainment_pct: 0,
      pacing_pct: 0,
      projection: 0,
      gap: 20000,
      pipeline: 40000,
      weighted_pipeline: 20000,
      coverage: 2,
    });
    const weighted = await report("--period", "2026-11", "--as-of", "2026-11-16", "--weighted");
    expect(weighted.rows[0]?.coverage).toBe(1);
    // The same report on the day ana wins: 40k of 20k, and the pipeline is spent.
    await ok("deal", "won", "4", "--at", "2026-11-20");
    const later = await report("--period", "2026-11", "--as-of", "2026-11-21");
    expect(later.rows[0]).toMatchObject({
      achieved: 40000,
      attainment_pct: 200,
      pipeline: 0,
      coverage: null,
    });
    // --as-of a day before the win still shows it open.
    const before = await report("--period", "2026-11", "--as-of", "2026-11-16");
    expect(before.rows[0]).toMatchObject({ achieved: 0, pipeline: 40000 });
  });

  it("rolls up by team and by manager", async () => {
    const teams = await report("--period", "2026-10", "--as-of", "2026-11-27", "--by", "team");
    expect(teams.rows.map((row) => [row.name, row.quota, row.achieved, row.basis])).toEqual([
      ["east", 30000, 18000, "2026-Q4 × 1/3"],
      ["west", null, 0, null],
    ]);
    const managers = await report(
      "--period",
      "2026-10",
      "--as-of",
      "2026-11-27",
      "--by",
      "manager",
    );
    expect(managers.rows.map((row) => [row.name, row.quota, row.achieved, row.basis])).toEqual([
      // ana's own quota (a third of her Q4) and bo's for October.
      ["ana", 30000, 18000, "sum of 2 rep quotas"],
    ]);
  });

  it("exits 3 under --fail-under, after writing the report to a {period} file", async () => {
    const out = temp.path("reports/quota-{period}.md");
    const result = await funnel(
      "report",
      "quota",
      "--period",
      "2026-10",
      "--as-of",
      "2026-11-27",
      "--fail-under",
      "60",
      "--out",
      out,
    );
    expect(result.stderr).toBe("funnel: 1 of 2 reps under 60 % attainment for 2026-10: bo 50 %\n");
    expect(result.code).toBe(3);
    const file = temp.path("reports/quota-2026-10.md");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toMatch(
      /^## Quota 2026-10 \(2026-10-01 to 2026-10-31\), closed: final figures\n/,
    );
    const passing = await funnel(
      "report",
      "quota",
      "--period",
      "2026-10",
      "--as-of",
      "2026-11-27",
      "--fail-under",
      "50",
    );
    expect(passing.code).toBe(0);
  });

  it("counts a deal by the team's day it closed: the database's zone sets the period edges, TZ does not, --tz does for one run", async () => {
    // 23:59 on 31 October in UTC (the database's zone: it was made under TZ=UTC) is 1 November
    // in Auckland (UTC+13).
    const quota = async (env: NodeJS.ProcessEnv, ...extra: string[]) => {
      const result = await runMain(
        [
          "--db",
          db,
          ...extra,
          "report",
          "quota",
          "--period",
          "2026-10",
          "--as-of",
          "2026-11-27",
          "--json",
        ],
        { env },
      );
      expect(result.stderr).toBe("");
      return JSON.parse(result.stdout) as { rows: Row[] };
    };
    const bo = (report: { rows: Row[] }) => report.rows.find((row) => row.name === "bo")?.achieved;
    // Someone in Auckland sees the team's figures.
    expect(bo(await quota(plainEnv({ TZ: "Pacific/Auckland" })))).toBe(5000);
    // --tz reads the period on Auckland's clock, for this run only, and the heading says so.
    expect(bo(await quota(plainEnv(), "--tz", "Pacific/Auckland"))).toBe(0);
    const text = await runMain([
      "--db",
      db,
      "report",
      "quota",
      "--tz",
      "Pacific/Auckland",
      "--period",
      "2026-10",
      "--as-of",
      "2026-11-27",
    ]);
    expect(text.stdout.split("\n")[0]).toBe(
      "Quota 2026-10 (2026-10-01 to 2026-10-31, times in Pacific/Auckland (--tz)), closed: final figures",
    );
    expect(bo(await quota(plainEnv()))).toBe(5000);
    // The team moves to Auckland: everyone's figures follow.
    expect(
      (await runMain(["--db", db, "config", "set", "timezone", "Pacific/Auckland"])).code,
    ).toBe(0);
    expect(bo(await quota(plainEnv({ TZ: "UTC" })))).toBe(0);
    expect((await runMain(["--db", db, "config", "set", "timezone", "UTC"])).code).toBe(0);
  });

  it("colours attainment only on a terminal, and says what it counts", async () => {
    const text = await ok("report", "quota", "--period", "2026-10", "--as-of", "2026-11-27");
    expect(text).not.toContain(`${esc}[`);
    expect(text.split("\n").slice(0, 2)).toEqual([
      "Quota 2026-10 (2026-10-01 to 2026-10-31), closed: final figures",
      "per rep; quota and achieved count revenue won (USD)",
    ]);
    const forced = await runMain(
      ["--db", db, "report", "quota", "--period", "2026-10", "--as-of", "2026-11-27"],
      { env: plainEnv({ FORCE_COLOR: "1", NO_COLOR: undefined }) },
    );
    expect(forced.stdout).toContain(`${esc}[31m65${esc}[39m`);
  });
});

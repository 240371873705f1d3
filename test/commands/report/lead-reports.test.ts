import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";

// One database for the whole file (the reports only read it), removed at the end.
const dir = mkdtempSync(join(tmpdir(), "funnel-reports-"));
const db = join(dir, "funnel.db");
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  for (const args of [
    ["import", "fixtures/reps.csv", "--type", "reps"],
    ["import", "fixtures/leads.csv"],
    ["import", "fixtures/deals.csv", "--type", "deals"],
  ]) {
    const result = await funnel(...args);
    expect(result.code).toBe(0);
  }
});

describe("report titles", () => {
  it("take --from/--to as months and name the range once, by its days", async () => {
    const range = ["--from", "2026-10", "--to", "2026-11", "--as-of", "2026-11-27"];
    const titles: [string[], string][] = [
      [["report", "funnel"], "Funnel 2026-10-01 to 2026-11-30"],
      [["report", "sources"], "Sources 2026-10-01 to 2026-11-30, leads created in the period"],
      [["report", "quota"], "Quota 2026-10-01 to 2026-11-30, in progress: 95.1 % elapsed"],
      [["report", "monthly"], "Monthly report 2026-10-01 to 2026-11-30"],
      [["report", "assignments"], "Assignments 2026-10-01 to 2026-11-30: handoffs per rep"],
    ];
    for (const [args, title] of titles) {
      const result = await funnel(...args, ...range);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout.split("\n")[0], args.join(" ")).toMatch(new RegExp(`^${title}\\b`));
    }
    const monthly = await funnel("report", "monthly", ...range);
    expect(monthly.stdout.split("\n")[1]).toBe(
      "compared with 2026-08-01 to 2026-09-30; figures as of 2026-11-27",
    );
  });
});

describe("funnel report funnel", () => {
  it("prints the table and an 80-column bar chart, without a terminal", async () => {
    const result = await funnel("report", "funnel", "--period", "2026", "--as-of", "2026-11-27");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "Funnel 2026 (2026-01-01 to 2026-12-31)",
      "cohort: leads created in the period, and how far they got by 2026-11-27",
    ]);
    const chart = lines.slice(-6);
    expect(chart.map((line) => line.split(/\s+/)[0])).toEqual([
      "lead",
      "mql",
      "sal",
      "sql",
      "opportunity",
      "customer",
    ]);
    expect(chart[0]).toMatch(/^lead\s+60 {2}#{50}$/);
    for (const line of chart) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("gives the same figures as JSON, per group with --by and --top", async () => {
    const json = JSON.parse(
      (await funnel("report", "funnel", "--period", "2026", "--as-of", "2026-11-27", "--json"))
        .stdout,
    );
    expect(json.mode).toBe("cohort");
    expect(json.stages[0]).toEqual({
      stage: "lead",
      leads: 60,
      step_pct: null,
      cumulative_pct: null,
      drop_off: null,
      median_days: null,
    });
    const grouped = JSON.parse(
      (
        await funnel(
          "report",
          "funnel",
          "--period",
          "2026",
          "--as-of",
          "2026-11-27",
          "--by",
          "source",
          "--top",
          "2",
          "--json",
        )
      ).stdout,
    );
    expect(grouped.groups).toHaveLength(3);
    expect(grouped.groups[2].name).toMatch(/^\(\d+ others\)$/);
    const leads = grouped.groups.map(
      (group: { stages: { leads: number }[] }) => group.stages[0]?.leads,
    );
    expect(leads.reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(grouped.stages).toEqual(json.stages);
  });

  it("says which mode it counts, and takes activity mode", async () => {
    const result = await funnel(
      "report",
      "funnel",
      "--period",
      "2026-Q4",
      "--mode",
      "activity",
      "--format",
      "md",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## Funnel 2026-Q4 \(2026-10-01 to 2026-12-31\)\n\nactivity: /);
  });

  it.each([
    [["--mode", "weekly"], /argument 'weekly' is invalid. Allowed choices are cohort, activity/],
    [["--by", "colour"], /argument 'colour' is invalid/],
    [["--top", "0"], /expected a whole number of 1 or more/],
    [["--period", "soon"], /--period "soon" is not a period/],
  ])("refuses %j with exit 2", async (args, message) => {
    const result = await funnel("report", "funnel", ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});

describe("funnel report sources", () => {
  it("lists every source with a total that adds up", async () => {
    const json = JSON.parse(
      (await funnel("report", "sources", "--period", "2026", "--as-of", "2026-11-27", "--json"))
        .stdout,
    );
    const sum = (key: string) =>
      json.rows.reduce((total: number, row: Record<string, number>) => total + (row[key] ?? 0), 0);
    expect(json.total.leads).toBe(60);
    for (const key of ["leads", "mqls", "accepted", "won_deals"])
      expect(json.total[key]).toBe(sum(key));
    const csv = await funnel("report", "sources", "--period", "2026", "--format", "csv");
    expect(csv.stdout.split("\n")[0]).toBe(
      "source,leads,mqls,handed_off,accepted,rejected,top_rejection_reasons,won_deals,won_revenue,mql_to_won_pct,speed_to_lead_p50_hours",
    );
  });
});

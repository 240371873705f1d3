import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../../src/domain/periods.js";
import { defaultPipeline } from "../../../src/domain/pipeline.js";
import { buildFunnelReport } from "../../../src/reports/funnel-report.js";
import { buildMonthlyReport } from "../../../src/reports/monthly-report.js";
import { buildQuotaReport } from "../../../src/reports/quota-report.js";
import { buildSlaReport, loadSla } from "../../../src/reports/sla-report.js";
import { buildSourcesReport } from "../../../src/reports/sources-report.js";
import { Database } from "../../../src/store/sqlite/driver.js";
import type { ReadTx } from "../../../src/store/store.js";
import { storeOn } from "../../helpers/store.js";

let dir: string;
let path: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "funnel-plans-"));
  path = join(dir, "reports.db");
  const script = fileURLToPath(new URL("../../../scripts/generate-report-db.mjs", import.meta.url));
  const made = spawnSync(
    process.execPath,
    [script, "--leads", "2000", "--deals", "300", "--out", path],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(made.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const asOf = new Date("2026-11-27T23:59:59.999Z");
const period = (text: string) => {
  const p = parsePeriod(text, asOf);
  if (p === undefined) throw new Error(text);
  return p;
};

const reports: [string, (tx: ReadTx) => Promise<unknown>][] = [
  [
    "funnel cohort",
    (tx) =>
      buildFunnelReport(tx, {
        period: period("2026-Q3"),
        asOf,
        mode: "cohort",
        by: "source",
        fiscal: { fiscalYearStart: 1 },
      }),
  ],
  [
    "funnel activity",
    (tx) =>
      buildFunnelReport(tx, {
        period: period("2026-Q3"),
        asOf,
        mode: "activity",
        by: "source",
        fiscal: { fiscalYearStart: 1 },
      }),
  ],
  ["sources", (tx) => buildSourcesReport(tx, { period: period("2026-Q3"), asOf })],
  [
    "sla",
    async (tx) => buildSlaReport(tx, { period: period("2026-Q3"), asOf, sla: await loadSla(tx) }),
  ],
  [
    "quota",
    (tx) =>
      buildQuotaReport(tx, {
        period: period("2026-Q4"),
        asOf,
        by: "rep",
        metric: "revenue",
        weighted: false,
        pipeline: defaultPipeline,
      }),
  ],
  [
    "monthly",
    (tx) =>
      buildMonthlyReport(tx, {
        period: period("2026-10"),
        asOf,
        fiscal: { fiscalYearStart: 1 },
        pipeline: defaultPipeline,
      }),
  ],
];

/** The names a statement gives the tables a period is read from (the table's own, or its alias). */
function periodTableNames(sql: string): Set<string> {
  const names = new Set<string>();
  for (const [, table, alias] of sql.matchAll(
    /\b(leads|stage_events|deals|handoffs)\b(?:\s+(?:AS\s+)?(\w+))?/gi,
  )) {
    names.add(table as string);
    if (alias !== undefined) names.add(alias);
  }
  return names;
}

/** A range of an index on a time: the period's rows and no others. */
const timeRange = /^SEARCH \w+ USING (COVERING )?INDEX \w+ \((created_at|at|closed_at)[<>=]/;

describe("each report reads a period from an index range, never every row (at test size)", () => {
  it.each(reports)("%s", async (_name, build) => {
    const statements = new Set<string>();
    const db = new Database(path, { verbose: (sql: unknown) => statements.add(String(sql)) });
    const plans: { sql: string; plan: string[] }[] = [];
    try {
      await storeOn(db).read(build);
      for (const sql of statements) {
        // Reads only (the store's BEGIN, pragmas and the like are not queries).
        if (!/^\s*(SELECT|WITH)\b/i.test(sql)) continue;
        if (!/\b(leads|stage_events|deals|handoffs)\b/i.test(sql)) continue;
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map(
          (row) => row.detail,
        );
        plans.push({ sql: sql.replace(/\s+/g, " "), plan });
      }
    } finally {
      db.close();
    }
    expect(plans.length).toBeGreaterThan(0);
    for (const { sql, plan } of plans) {
      const names = periodTableNames(sql);
      const scans = plan.filter((detail) => {
        const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
        return scanned !== undefined && names.has(scanned);
      });
      const shown = `${sql}\n  ${plan.join("\n  ")}`;
      expect(scans, shown).toEqual([]);
      expect(
        plan.some((detail) => timeRange.test(detail)),
        shown,
      ).toBe(true);
    }
  });
});

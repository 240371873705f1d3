import { existsSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

// Times are relative to the handoffs (t0, a fixed day), in UTC (the helper's TZ); no business
// hours, so the weekday does not matter.
const temp = useTempDir();
let db: string;
const t0 = Date.parse("2026-10-14T10:00:00.000Z");
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
const hour = 3_600_000;

async function ok(...args: string[]): Promise<string> {
  const result = await funnel(...args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

/** A period around t0, two days either side (5 days), over by t0 + 72 h. */
const around = () => ["--from", day(t0 - 48 * hour), "--to", day(t0 + 48 * hour)];

beforeEach(async () => {
  db = temp.path("funnel.db");
  const created = iso(t0 - 24 * hour)
    .slice(0, 16)
    .replace("T", " ");
  const leads = temp.write(
    "leads.csv",
    [
      "Email,Lead Source,Lead Status,Created Date",
      `a@x.example,web,MQL,${created}`,
      `b@x.example,web,MQL,${created}`,
      `c@x.example,events,MQL,${created}`,
    ].join("\n"),
  );
  await ok("import", "fixtures/reps.csv", "--type", "reps");
  await ok("import", leads);
  await ok("handoff", "a@x.example", "b@x.example", "--to", "ana-souza", "--at", iso(t0));
  await ok("handoff", "c@x.example", "--to", "wei-chen", "--at", iso(t0));
  // a: touched after 1 h (in time) and accepted after 2 h; b: touched after 6 h (late); c: nothing.
  await ok("touch", "a@x.example", "--kind", "call", "--at", iso(t0 + hour));
  await ok("accept", "a@x.example", "--at", iso(t0 + 2 * hour));
  await ok("touch", "b@x.example", "--kind", "email", "--at", iso(t0 + 6 * hour));
});

describe("funnel sla set and show", () => {
  it("sets parts, keeps the others, and shows them", async () => {
    expect(await ok("sla", "set", "--mql-target", "30", "--source-target", "web=10")).toBe(
      "SLA set:\n  marketing: 30 MQLs a month; by source: web 10 a month\n  sales: no follow-up or decision window\n",
    );
    await ok("sla", "set", "--follow-up-hours", "4", "--decision-days", "1", "--share", "90");
    expect(JSON.parse(await ok("sla", "show", "--json"))).toEqual({
      set: true,
      mql_target: 30,
      source_targets: { web: 10 },
      follow_up_hours: 4,
      decision_days: 1,
      business_hours: null,
      share_pct: 90,
    });
    await ok("sla", "set", "--business-hours", "--working-days", "sun-thu");
    expect(await ok("sla", "show")).toContain("business hours  sun-thu 09:00-17:00 (local time)");
  });

  it.each([
    [
      ["--follow-up-hours", "soon"],
      'funnel: --follow-up-hours "soon" is not a number of hours over 0 (or "off")\n',
    ],
    [["--share", "120"], 'funnel: --share "120" is not a percentage over 0, up to 100\n'],
    [
      ["--source-target", "web"],
      'funnel: --source-target "web" is not SOURCE=N (e.g. web=20, or web=off)\n',
    ],
    [
      ["--working-hours", "9-5"],
      'funnel: --working-hours "9-5" is not HH:MM-HH:MM with the start before the end, e.g. 09:00-17:00\n',
    ],
    [
      [],
      "funnel: nothing to set; give --mql-target, --source-target, --follow-up-hours, --decision-days, --business-hours or --share (see funnel sla set --help)\n",
    ],
  ])("refuses %j with exit 2, one line, nothing changed", async (args, message) => {
    const result = await funnel("sla", "set", ...args);
    expect(result).toMatchObject({ code: 2, stdout: "", stderr: message });
    expect(JSON.parse(await ok("sla", "show", "--json")).set).toBe(false);
  });
});

describe("funnel sla check", () => {
  it("exits 3 on a breach: verdict lines on stdout, one line on stderr", async () => {
    await ok("sla", "set", "--mql-target", "30", "--follow-up-hours", "4", "--decision-days", "1");
    const result = await funnel("sla", "check", ...around(), "--as-of", iso(t0 + 72 * hour));
    expect(result.code).toBe(3);
    const lines = result.stdout.split("\n");
    // 5 days of a 30 a month target (5/30, 5/31 or parts of both: about 5): 3 delivered is short.
    expect(lines[0]).toMatch(
      /^marketing: breached for \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d: 3 of [\d.]+ MQLs/,
    );
    // Follow-up: a in time, b late, c never: 1 of 3. Decision: a in time, b and c never: 1 of 3.
    expect(lines[1]).toMatch(
      /^sales: breached for .*: follow-up 33\.3 % of 3 within 4 h \(required 90 %\): 56\.7 pts short, 2 handoff\(s\); decision 33\.3 % of 3 within 1 d \(required 90 %\): 56\.7 pts short, 2 handoff\(s\)$/,
    );
    expect(lines.length).toBe(3);
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(result.stderr).toMatch(
      /^funnel: SLA breached for .*: marketing: 3 of .* \| sales: follow-up 33\.3 %/,
    );
  });

  it("exits 0 when kept; --quiet prints nothing", async () => {
    await ok("sla", "set", "--follow-up-hours", "4", "--share", "30");
    const kept = await funnel("sla", "check", ...around(), "--as-of", iso(t0 + 72 * hour));
    expect(kept).toMatchObject({ code: 0, stderr: "" });
    expect(kept.stdout).toMatch(
      /^marketing: no MQL target set\nsales: kept for .*: follow-up 33\.3 % of 3 within 4 h \(required 30 %\)\n$/,
    );
    const quiet = await funnel(
      "sla",
      "check",
      ...around(),
      "--as-of",
      iso(t0 + 72 * hour),
      "--quiet",
    );
    expect(quiet).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it("--as-of replays the day: windows still open are pending, not breached", async () => {
    await ok("sla", "set", "--follow-up-hours", "4", "--decision-days", "1");
    // 30 minutes after the handoffs nothing had been done yet, and no window had ended.
    const early = await funnel(
      "sla",
      "check",
      ...around(),
      "--as-of",
      iso(t0 + 30 * 60_000),
      "--json",
    );
    expect(early.code).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({
      breached: false,
      sales: { status: "no data", line: expect.stringMatching(/\(3 pending\)$/) },
    });
  });

  it("refuses without an SLA (exit 1) and with a bad period (exit 2)", async () => {
    expect(await funnel("sla", "check")).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "funnel: no SLA is set; set one first, e.g. funnel sla set --mql-target 50 --follow-up-hours 4 --decision-days 2\n",
    });
    await ok("sla", "set", "--mql-target", "5");
    const bad = await funnel("sla", "check", "--period", "someday");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^funnel: --period "someday" is not a period/);
  });
});

describe("funnel report sla", () => {
  it("reports both sides as JSON, and as Markdown to --out with {period}", async () => {
    await ok(
      "sla",
      "set",
      "--mql-target",
      "30",
      "--source-target",
      "events=2",
      "--follow-up-hours",
      "4",
    );
    const report = JSON.parse(
      await ok("report", "sla", ...around(), "--as-of", iso(t0 + 72 * hour), "--json"),
    );
    expect(
      report.marketing.sources.map((line: { source: string; delivered: number }) => [
        line.source,
        line.delivered,
      ]),
    ).toEqual([
      ["web", 2],
      ["events", 1],
    ]);
    expect(report.sales.reps).toMatchObject([
      {
        rep: "ana-souza",
        handoffs: 2,
        follow_up_met: 1,
        follow_up_missed: 1,
        speed_p50: 210,
        speed_p90: 330,
      },
      { rep: "wei-chen", handoffs: 1, follow_up_met: 0, follow_up_missed: 1, waiting_for_touch: 1 },
    ]);
    expect(report.breached).toBe(true);
    const out = temp.path("reports/sla-{period}.md");
    await ok("report", "sla", ...around(), "--as-of", iso(t0 + 72 * hour), "--out", out);
    const file = out.replace("{period}", `${day(t0 - 48 * hour)}..${day(t0 + 48 * hour)}`);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, "utf8");
    // The title says the --from/--to days once (not `2026-10-12..2026-10-16 (2026-10-12 to ...)`).
    expect(text).toMatch(/^## SLA 2026-10-12 to 2026-10-16, closed: final figures\n/);
    expect(text).toContain("| ana-souza | 2 | 1 | 1 | 0 | 50 | 3.5 h | 5.5 h |");
    expect(text).toMatch(/sales: breached for .*: follow-up 33\.3 % of 3 within 4 h/);
  });
});

import { describe, expect, it } from "vitest";
import { Database } from "../../../src/store/sqlite/driver.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();

describe("funnel help TOPIC", () => {
  it.each([
    [
      "metrics",
      [
        "attainment",
        "pacing",
        "projection",
        "gap",
        "coverage",
        "--weighted",
        "step conversion",
        "cumulative conversion",
        "Cohort mode",
        "Activity mode",
        "drop-off",
        "median days",
        "speed-to-lead",
        "p50",
        "p90",
        "SLA verdicts",
        "win rate",
        "average deal",
        "Lead velocity",
        "partial quota basis",
        "uncovered",
        "manager rollups",
      ],
    ],
    [
      "periods",
      [
        "2026-Q4",
        "this-quarter",
        "ytd",
        "--from",
        "--to",
        "--as-of",
        "Fiscal year",
        "time zone",
        "--tz",
      ],
    ],
    [
      "import",
      [
        "synonyms",
        "=attribute",
        "=ignore",
        "A guessed column never rejects",
        "--date-format",
        "--delimiter",
        "rejects.csv",
        "Re-imports",
        "Status beside stage",
      ],
    ],
  ])("help %s explains its terms, in lines of 80 columns at most", async (topic, terms) => {
    const result = await runMain(["help", topic]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    for (const term of terms) expect(result.stdout).toContain(term);
    for (const line of result.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("reads no database: one whose time zone this machine does not know is no matter", async () => {
    const db = temp.path("funnel.db");
    expect((await runMain(["--db", db, "config", "set", "timezone", "UTC"])).code).toBe(0);
    const sqlite = new Database(db);
    sqlite.prepare("UPDATE settings SET value = 'Nowhere/Atlantis' WHERE key = 'timezone'").run();
    sqlite.close();
    const result = await runMain(["--db", db, "help", "periods"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names the topics in one line, exit 2, for a topic it does not know", async () => {
    const result = await runMain(["help", "metric"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'funnel: no help topic "metric"; topics: metrics, periods, import, or a command\'s name\n',
    );
  });

  it("still gives a command's help, and the program's alone", async () => {
    const deal = await runMain(["help", "deal"]);
    expect(deal.code).toBe(0);
    expect(deal.stdout).toContain("Usage: funnel deal [options] [command]");
    expect(deal.stdout).toContain("won");
    const program = await runMain(["help"]);
    expect(program.code).toBe(0);
    expect(program.stdout).toContain("Usage: funnel [options] [command]");
    expect(program.stdout).toContain("help [topic]");
  });

  it("is what every report's --help points to", async () => {
    for (const report of [
      "quota",
      "funnel",
      "sources",
      "pipeline",
      "sla",
      "monthly",
      "assignments",
    ]) {
      const result = await runMain(["report", report, "--help"]);
      expect(result.code).toBe(0);
      // The pointer comes last but for the examples, which end every command's help.
      expect(result.stdout).toMatch(/\nSee funnel help metrics\n\nExamples:\n( {2}funnel .*\n)+$/);
    }
  });
});

/** The headers of each table of a Markdown report. */
function markdownHeaders(markdown: string): string[] {
  const lines = markdown.split("\n");
  return lines.flatMap((line, index) =>
    /^\|\s*:?-+/.test(lines[index + 1] ?? "")
      ? line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim().replaceAll("&gt;", ">"))
      : [],
  );
}

// Columns that name what a row is, not a figure: nothing to explain.
const labels = new Set([
  ...["rep", "team", "reps", "source", "stage", "status", "side", "detail", "owner"],
  ...["id", "external id", "name", "account", "top rejection reasons"],
]);

describe("funnel help metrics", () => {
  it("explains every figure a report's columns show", async () => {
    const db = temp.path("demo.db");
    expect((await runMain(["--db", db, "demo"])).code).toBe(0);
    const reports = [
      ["quota", "--period", "2026-Q4", "--as-of", "2026-11-27"],
      ["quota", "--period", "2026-Q4", "--as-of", "2026-11-27", "--by", "team"],
      ["funnel", "--period", "2026", "--as-of", "2026-11-27"],
      ["sources", "--period", "2026", "--as-of", "2026-11-27"],
      ["pipeline", "--as-of", "2026-11-27"],
      ["sla", "--period", "2026-11", "--as-of", "2026-11-27"],
      ["assignments", "--period", "2026-11", "--as-of", "2026-11-27"],
      ["monthly", "--period", "2026-10", "--as-of", "2026-11-27"],
    ];
    const headers = new Set<string>();
    for (const report of reports) {
      const result = await runMain(["--db", db, "report", ...report, "--format", "md"]);
      expect(result.code).toBe(0);
      for (const header of markdownHeaders(result.stdout)) headers.add(header);
    }
    // Months and the period before (2026-09 %) name periods, not figures.
    const figures = [...headers].filter((header) => !labels.has(header) && !/^\d{4}/.test(header));
    expect(figures).toContain("attain %");
    expect(figures).toContain("coverage x");
    const metrics = (await runMain(["help", "metrics"])).stdout;
    expect(figures.filter((figure) => !metrics.includes(figure))).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

/**
 * Markdown and HTML output are inert: HTML and Markdown syntax in data shows as text in any
 * renderer, and only funnel's own markup (headings, tables, line breaks) is markup.
 */

/** HTML, a script link, code, emphasis, strikethrough, a table pipe, an entity, a heading mark. */
const hostile =
  "<img src=x onerror=alert(1)> [x](javascript:alert(1)) `code` *b* _i_ ~~s~~ a|b &lt; #";
/** `hostile` as Markdown: each piece escaped, nothing else touched. */
const hostileMarkdown =
  "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) \\`code\\` \\*b\\* \\_i\\_ \\~\\~s\\~\\~ a\\|b &amp;lt; \\#";
/** A control sequence and a bidi override, shown as text in Markdown as on a terminal. */
const controls = "\u001b[2J\u202e";
/** A value that would close an HTML attribute and open another, with `controls` in it. */
const attribute = `x" onmouseover="alert(1)${controls}`;

/**
 * Syntax that no funnel Markdown holds of its own (its markup is `#` headings, table pipes and
 * rules, and `<br>`; its entities are &lt; &gt; &amp;), so that any of it left unescaped came
 * from data.
 */
const rawSyntax =
  /(?<!\\)(?:<(?!br>)|(?<!<br)>|`|\*|~|\[|\]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}]))|&(?!lt;|gt;|amp;)#?[A-Za-z0-9]+;/u;

const temp = useTempDir();

function csv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => `${row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(",")}\n`)
    .join("");
}

async function seed(): Promise<string> {
  const db = temp.path("funnel.db");
  const reps = temp.write(
    "reps.csv",
    csv([
      ["handle", "name", "role", "team", "territory"],
      ["ana", `Ana ${hostile}`, "ae", `East ${hostile}`, hostile],
      ["liam", "Liam", "ae", "West", "US"],
    ]),
  );
  const leads = temp.write(
    `${hostile}.csv`,
    csv([
      [
        "email",
        "first_name",
        "company",
        "source",
        "campaign",
        "country",
        "stage",
        "created_at",
        "Notes",
      ],
      [
        "a@x.example",
        `Eve ${hostile}`,
        hostile,
        `web ${hostile}`,
        hostile,
        "",
        "mql",
        "2026-10-05",
        `ok\n- item ${controls}`,
      ],
      [
        "b@x.example",
        "Bo",
        "- Acme",
        `web ${hostile}`,
        "1. spring",
        hostile,
        "mql",
        "2026-10-06",
        "",
      ],
      ["c@x.example", "Cy", "Acme", "web", "", "", "mql", "2026-10-07", ""],
      ["d@x.example", "Di", "Acme", attribute, "", "", "mql", "2026-10-08", ""],
    ]),
  );
  const deals = temp.write(
    "deals.csv",
    csv([
      [
        "external_id",
        "name",
        "account",
        "amount",
        "stage",
        "owner",
        "lead",
        "opened_at",
        "closed_at",
      ],
      [
        "D-1",
        `Won ${hostile}`,
        hostile,
        "1500",
        "won",
        "ana",
        "a@x.example",
        "2026-09-01",
        "2026-10-10",
      ],
      ["D-2", `Open ${hostile}`, hostile, "900", "qualification", "ana", "", "2026-09-01", ""],
    ]),
  );
  for (const args of [
    ["import", "--type", "reps", reps],
    ["import", leads],
    ["import", "--type", "deals", deals],
    ["quota", "set", "ana", "2026-10", "1000"],
    ["sla", "set", "--mql-target", "5", "--source-target", `web ${hostile}=3`],
    ["handoff", "--to", "liam", "c@x.example"],
    ["reject", "c@x.example", "--reason", hostile],
  ]) {
    const result = await runMain(["--db", db, ...args]);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  }
  return db;
}

describe("Markdown output", () => {
  it("escapes data in every list and report, and in the monthly digest", async () => {
    const db = await seed();
    const outputs: [args: string[], showsData: boolean][] = [
      [["leads"], true],
      [["deals"], true],
      [["rep", "list"], true],
      [["quota", "list"], false],
      [["import", "list"], true],
      [["lead", "show", "a@x.example"], true],
      [["handoff", "--dry-run"], true],
      [["report", "quota", "--period", "2026-10"], false],
      [["report", "quota", "--period", "2026-10", "--by", "team"], true],
      [["report", "funnel", "--period", "2026-10", "--by", "source"], true],
      [["report", "funnel", "--period", "2026-10", "--by", "campaign"], true],
      [["report", "sources", "--period", "2026-10"], true],
      [["report", "pipeline", "--as-of", "2026-10-20", "--by", "team"], true],
      [["report", "sla", "--period", "2026-10"], true],
      [["report", "assignments", "--period", "2026-10"], true],
      [["report", "monthly", "--period", "2026-10"], true],
    ];
    for (const [args, showsData] of outputs) {
      const name = args.join(" ");
      const result = await runMain(["--db", db, ...args, "--format", "md"]);
      expect.soft(result.code, `${name}: ${result.stderr}`).toBe(0);
      if (showsData) expect.soft(result.stdout, name).toContain(hostileMarkdown);
      expect.soft(result.stdout.match(rawSyntax)?.[0], `${name}: ${result.stdout}`).toBeUndefined();
    }
    const lead = await runMain(["--db", db, "lead", "show", "a@x.example", "--format", "md"]);
    expect(lead.stdout).toContain(
      `| first_name | Eve ${hostileMarkdown} |\n| last_name |  |\n| name | Eve ${hostileMarkdown} |`,
    );
    // A line break in data is a <br> in its cell; what follows it starts no list.
    expect(lead.stdout).toContain("| Notes | ok<br>\\- item \\u001b\\[2J\\u202e |");
    const leads = await runMain(["--db", db, "leads", "--format", "md"]);
    expect(leads.stdout).toContain(
      `| b@x.example | Bo | \\- Acme | web ${hostileMarkdown} | mql |`,
    );
    const funnel = await runMain([
      "--db",
      db,
      "report",
      "funnel",
      "--period",
      "2026-10",
      "--by",
      "campaign",
      "--format",
      "md",
    ]);
    expect(funnel.stdout).toMatch(/^\| 1\\\. spring \|/m);
    const sla = await runMain([
      "--db",
      db,
      "report",
      "sla",
      "--period",
      "2026-10",
      "--format",
      "md",
    ]);
    expect(sla.stdout).toContain(
      `marketing: 5 MQLs a month; by source: web ${hostileMarkdown} 3 a month  \n`,
    );
  }, 120_000);

  it("escapes data in the monthly report as HTML, control characters shown as text", async () => {
    const db = await seed();
    const file = temp.path("monthly.html");
    const result = await runMain([
      "--db",
      db,
      "report",
      "monthly",
      "--period",
      "2026-10",
      "--out",
      file,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain('" onmouseover');
    expect(html).toContain('data-label="x&quot; onmouseover=&quot;alert(1)\\u001b[2J\\u202e');
    expect(html).not.toContain("\u001b");
    expect(html).not.toContain("\u202e");
  });
});

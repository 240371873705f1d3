import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { funnelBin } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

/**
 * Every list and report as a person sees it: on a real pseudo-terminal (util-linux `script`)
 * with colour on. Funnel's own styling must arrive as styling, never as `\u001b[1m` written out,
 * and data holding a real escape sequence or a bidi override must arrive as visible text.
 * (terminal-safety.test.ts checks the same data piped, with NO_COLOR.)
 */

const esc = "\u001b";
/** Clears the screen, then reverses what follows: in every name funnel shows. */
const hostile = `${esc}[2J\u202eevil`;

/** A pattern in which `ESC` stands for the escape character itself. */
const withEsc = (source: string, flags?: string) =>
  new RegExp(source.replaceAll("ESC", "\\u001b"), flags);
/** A real escape sequence of funnel's own: SGR styling, and the progress bar's erase-line. */
const ownEscape = withEsc("ESC\\[[0-9;]*[mK]", "g");
/** Styling written out as text: `\u001b[1m` as ten visible characters. */
const styleAsText = /\\u001b\[[0-9;]*m/;
// Control characters (C0 but tab and newline, DEL, C1) and bidi marks, left raw.
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

const temp = useTempDir();

function csv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => `${row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(",")}\n`)
    .join("");
}

async function seed(): Promise<string> {
  const db = temp.path("funnel.db");
  writeFileSync(
    join(dirname(db), "funnel.config.json"),
    JSON.stringify({ scoring: { threshold: 10, source: { [hostile]: 20, web: 5 } } }),
  );
  const reps = temp.write(
    "reps.csv",
    csv([
      ["handle", "name", "role", "team", "territory"],
      ["ana", `Ana ${hostile}`, "ae", `East ${hostile}`, hostile],
      ["liam", "Liam", "ae", "West", "US"],
    ]),
  );
  const leads = temp.write(
    "leads.csv",
    csv([
      [
        "email",
        "first_name",
        "last_name",
        "company",
        "source",
        "stage",
        "created_at",
        "Notes",
        "country",
      ],
      ["esc@x.example", `Eve ${hostile}`, "Ng", hostile, hostile, "mql", "2026-10-05", hostile, ""],
      ["new@x.example", `Ned ${hostile}`, "Ox", "Acme", hostile, "lead", "2026-10-06", "", ""],
      ["web@x.example", "Wes", "Web", "Acme", "web", "mql", "2026-10-07", "ok", hostile],
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
        "esc@x.example",
        "2026-09-01",
        "2026-10-10",
      ],
      ["D-2", `Open ${hostile}`, hostile, "900", "qualification", "ana", "", "2026-09-01", ""],
      ["D-3", "Odd stage", "Acme", "100", hostile, "liam", "", "2026-09-01", ""],
    ]),
  );
  for (const args of [
    ["import", "--type", "reps", reps],
    ["import", leads],
    ["import", "--type", "deals", deals],
    ["quota", "set", "ana", "2026-10", "1000"],
    ["quota", "set", "liam", "2026-10", "1000"],
    [
      "sla",
      "set",
      "--mql-target",
      "5",
      "--source-target",
      `${hostile}=3`,
      "--follow-up-hours",
      "24",
    ],
  ]) {
    const result = await runMain(["--db", db, ...args]);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  }
  return db;
}

/**
 * Runs funnel on a pseudo-terminal, as typed in a person's shell with TERM=xterm-256color
 * (and NO_COLOR=1 when `colour` is false). `steps` answer prompts: when the screen shows the
 * text, the keys are typed. Returns what the terminal showed, its CR LF turned back into LF.
 */
function onTerminal(
  db: string,
  args: readonly string[],
  colour: boolean,
  steps: readonly [when: string, keys: string][] = [],
): Promise<{ code: number | null; screen: string }> {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const command = [funnelBin, "--db", db, ...args].map(quote).join(" ");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: "UTC",
    TERM: "xterm-256color",
    // Wide enough that no column holding the data is left out (narrow-terminal.test.ts fits).
    COLUMNS: "1000",
    ...(colour ? {} : { NO_COLOR: "1" }),
  };
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env });
    let screen = "";
    let pending = [...steps];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      screen += chunk;
      const next = pending[0];
      if (next !== undefined && screen.includes(next[0])) {
        pending = pending.slice(1);
        child.stdin.write(next[1]);
      }
    });
    // Typing nothing: the terminal's input stays open until the command ends, as a shell's does.
    if (steps.length === 0) child.stdin.end();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, screen: screen.replaceAll("\r\n", "\n") }));
  });
}

/** What is left once funnel's own escapes (and the carriage returns a progress bar redraws with) go. */
const withoutOwnEscapes = (screen: string) => screen.replace(ownEscape, "").replaceAll("\r", "");

interface Case {
  readonly args: readonly string[];
  /** Whether the command shows the hostile data (as text). */
  readonly showsData: boolean;
  /** The styling funnel adds on a colour terminal, when it styles this output. */
  readonly styled?: RegExp;
}

const bold = withEsc("ESC\\[1m[a-z %]+ESC\\[22m");
/** A table's total row, bold from its first cell. */
const boldTotal = withEsc("^ESC\\[1mtotalESC\\[22m", "m");

const cases: readonly Case[] = [
  { args: ["leads"], showsData: true },
  { args: ["leads", "--format", "md"], showsData: true },
  { args: ["deals"], showsData: true },
  { args: ["rep", "list"], showsData: true },
  { args: ["quota", "list"], showsData: false },
  { args: ["import", "list"], showsData: false },
  { args: ["lead", "show", "esc@x.example"], showsData: true },
  { args: ["deal", "show", "D-1"], showsData: true },
  { args: ["rep", "show", "ana"], showsData: true },
  { args: ["report", "quota", "--period", "2026-10"], showsData: false, styled: bold },
  {
    args: ["report", "quota", "--period", "2026-10", "--by", "team"],
    showsData: true,
    styled: bold,
  },
  {
    args: ["report", "quota", "--period", "2026-10", "--as-of", "2026-10-15"],
    showsData: false,
    styled: withEsc("ESC\\[3[123]m[\\d.]+ESC\\[39m"),
  },
  {
    args: ["report", "funnel", "--period", "2026-10", "--by", "source"],
    showsData: true,
    styled: boldTotal,
  },
  { args: ["report", "sources", "--period", "2026-10"], showsData: true, styled: boldTotal },
  { args: ["report", "pipeline", "--as-of", "2026-10-20"], showsData: true, styled: bold },
  { args: ["report", "sla", "--period", "2026-10"], showsData: true, styled: boldTotal },
  { args: ["report", "assignments", "--period", "2026-10"], showsData: false },
  { args: ["report", "monthly", "--period", "2026-10"], showsData: true, styled: boldTotal },
  { args: ["report", "monthly", "--period", "2026-10", "--format", "md"], showsData: true },
  {
    args: ["sla", "check", "--period", "2026-10"],
    showsData: true,
    styled: withEsc("ESC\\[3[12]m"),
  },
  { args: ["sla", "show"], showsData: true },
  { args: ["handoff", "--dry-run", "--explain"], showsData: true },
  { args: ["score", "--explain", "new@x.example"], showsData: true },
  { args: ["export", "leads"], showsData: true },
  { args: ["export", "leads", "--json"], showsData: true },
];

describe("on a colour terminal", () => {
  it("styles lists and reports with real escapes, and shows escapes in data as text", async () => {
    const db = await seed();
    for (const { args, showsData, styled } of cases) {
      const name = args.join(" ");
      for (const colour of [true, false]) {
        const { code, screen } = await onTerminal(db, args, colour);
        const label = `${name}${colour ? "" : " (NO_COLOR=1)"}`;
        // sla check exits 3 on a breach; everything else succeeds.
        expect
          .soft(code === 0 || (args[1] === "check" && code === 3), `${label}: ${screen}`)
          .toBe(true);
        expect.soft(screen, label).not.toMatch(styleAsText);
        expect.soft(withoutOwnEscapes(screen), label).not.toMatch(unsafe);
        if (showsData) {
          expect.soft(screen, label).toContain("\\u001b");
          expect.soft(screen, label).toContain("\\u202e");
        }
        if (colour && styled !== undefined) expect.soft(screen, label).toMatch(styled);
        if (!colour) expect.soft(screen, label).not.toContain(esc);
      }
    }
  }, 300_000);

  it("paints the monthly digest's changes: up green, down red, none as it is; totals bold", async () => {
    const db = await seed();
    // September: two web leads that got to sql; October's leads get less far but for one.
    const september = temp.write(
      "september.csv",
      csv([
        ["email", "first_name", "source", "stage", "created_at"],
        ["sep1@x.example", "Sep", "web", "sql", "2026-09-10"],
        ["sep2@x.example", "Sep", "web", "sql", "2026-09-11"],
      ]),
    );
    const imported = await runMain(["--db", db, "import", september]);
    expect(imported.code, imported.stderr).toBe(0);
    const args = ["report", "monthly", "--period", "2026-10", "--as-of", "2026-11-15"];
    const { screen } = await onTerminal(db, args, true);
    const funnel = screen.slice(screen.indexOf("Funnel"), screen.indexOf("Sources"));
    const row = (text: string, first: string) =>
      text.split("\n").find((line) => line.startsWith(first));
    const up = (by: number) => withEsc(` ESC\\[32m\\+${by}ESC\\[39m`);
    const down = (by: number) => withEsc(` ESC\\[31m-${by}ESC\\[39m`);
    // Leads 3 against 2, MQLs 2 against 2, SALs and SQLs 1 against 2.
    expect(row(funnel, "lead ")).toMatch(up(1));
    expect(row(funnel, "mql ")).not.toContain(esc);
    expect(row(funnel, "sal ")).toMatch(down(1));
    expect(row(funnel, "sql ")).toMatch(down(1));
    // Web's MQLs: 1 against 2.
    expect(row(screen.slice(screen.indexOf("Sources")), "web ")).toMatch(down(1));
    // The pipeline's total (2 deals against 3): bold, its change red in it.
    expect(screen).toMatch(
      withEsc("^ESC\\[1mtotalESC\\[22m.*ESC\\[1mESC\\[31m-1ESC\\[39mESC\\[22m", "m"),
    );
    const plain = await onTerminal(db, args, false);
    expect(plain.screen).not.toContain(esc);
    expect(plain.screen).toMatch(/^sal +1 +33\.3 +2 +-1$/m);
  }, 60_000);

  it("shows a hostile name as text in an import summary and on qualify's card", async () => {
    const db = await seed();
    const file = temp.write(
      `${hostile}.csv`,
      csv([
        ["email", "first_name", "source"],
        ["more@x.example", hostile, "web"],
        ["not an email", hostile, "web"],
      ]),
    );
    const imported = await onTerminal(db, ["import", file], true);
    expect(imported.code, imported.screen).toBe(0);
    expect(imported.screen).toContain("\\u001b[2J\\u202eevil.csv");
    expect(withoutOwnEscapes(imported.screen)).not.toMatch(unsafe);
    // The session shows the card, then asks; Ctrl-C at the first question ends it (exit 130).
    const session = await onTerminal(db, ["qualify"], true, [["Budget", "\u0003"]]);
    expect(session.code).toBe(130);
    const card = session.screen.slice(0, session.screen.indexOf("Budget"));
    expect(card).toContain("Ned \\u001b[2J\\u202eevil");
    expect(withoutOwnEscapes(card)).not.toMatch(unsafe);
  }, 60_000);
});

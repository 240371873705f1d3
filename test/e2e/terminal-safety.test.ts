import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { funnelBin, plainEnv } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

/**
 * Data printed for people (table and plain output, messages on stderr) must not carry control
 * characters or escape sequences: a lead named with one must not recolour, retitle, move or
 * reorder the terminal. With NO_COLOR=1 (the helper's environment) chalk adds none, so there
 * must be none at all.
 */

const esc = "\u001b";
/** Each hostile value, with a marker to find how it was shown. */
const hostile = {
  sgr: `${esc}[31mRED${esc}[0m`,
  title: `${esc}]0;pwned\u0007`,
  carriage: "over\rwrite",
  backspace: "Acme\b\b\b\bEvil",
  c1: "c1\u009b2Jcsi",
  bidi: "abc\u202Etxt.exe",
  clear: `${esc}[2J${esc}[H`,
};

// C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate
// marks (which reorder what follows them on screen).
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function csv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(","))
    .join("\n")
    .concat("\n");
}

const temp = useTempDir();

async function seed(): Promise<string> {
  const db = temp.path("funnel.db");
  const reps = temp.write(
    "reps.csv",
    csv([
      ["handle", "name", "role", "team", "territory"],
      ["ana", `Ana ${hostile.sgr}`, "ae", `East${hostile.title}`, hostile.bidi],
      ["liam", `Liam ${hostile.clear}`, "sdr", hostile.carriage, "US"],
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
        "campaign",
        "stage",
        "owner",
        "Notes",
        "created_at",
      ],
      // Created on a fixed day, so that the reports' --period 2026 holds them on any day.
      ...[
        [
          "red@hostile.example",
          hostile.sgr,
          hostile.title,
          hostile.backspace,
          hostile.sgr,
          hostile.c1,
          "mql",
          "",
          hostile.clear,
        ],
        [
          "bidi@hostile.example",
          hostile.bidi,
          hostile.carriage,
          hostile.c1,
          hostile.bidi,
          hostile.title,
          "mql",
          "",
          hostile.bidi,
        ],
        ["plain@hostile.example", "Plain", "Lead", "Acme", "web", "spring", "lead", "", "ok"],
        [
          "m3@hostile.example",
          hostile.clear,
          hostile.backspace,
          "Acme",
          hostile.carriage,
          "",
          "mql",
          "",
          "",
        ],
      ].map((row) => [...row, "2026-10-01"]),
    ]),
  );
  const deals = temp.write(
    "deals.csv",
    csv([
      ["external_id", "name", "account", "amount", "stage", "owner", "lead", "closed_at"],
      [
        "D-1",
        hostile.sgr,
        hostile.backspace,
        "1000",
        "won",
        "ana",
        "red@hostile.example",
        "2026-10-01",
      ],
      [
        "D-2",
        hostile.title,
        hostile.bidi,
        "500",
        "qualification",
        "liam",
        "bidi@hostile.example",
        "",
      ],
    ]),
  );
  for (const args of [
    ["import", "--type", "reps", reps],
    ["import", leads],
    ["handoff", "--to", "ana", "red@hostile.example"],
    ["handoff", "--to", "liam", "m3@hostile.example"],
    ["import", "--type", "deals", deals],
  ]) {
    const result = await runMain(["--db", db, ...args]);
    expect(result.stderr, args.join(" ")).not.toMatch(/internal error/);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(unsafe);
  }
  return db;
}

describe("terminal output neutralises control characters in data", () => {
  it("shows hostile names as visible text in every table and plain output", async () => {
    const db = await seed();
    const commands: string[][] = [
      ["leads"],
      ["leads", "--format", "md"],
      ["leads", "--source", hostile.sgr],
      ["lead", "show", "red@hostile.example"],
      ["lead", "show", "bidi@hostile.example"],
      ["lead", "show", "bidi@hostile.example", "--format", "md"],
      ["deals"],
      ["deal", "show", "D-1"],
      ["deal", "show", "D-2"],
      ["rep", "list"],
      ["rep", "show", "ana"],
      ["rep", "show", "liam"],
      ["import", "list"],
      ["report", "funnel", "--by", "source", "--period", "2026"],
      ["report", "sources", "--period", "2026"],
      ["report", "pipeline"],
      ["report", "quota", "--period", "2026-10"],
      ["report", "assignments"],
      ["report", "sla", "--period", "2026-10"],
      ["report", "monthly", "--period", "2026-10"],
      ["touch", "m3@hostile.example", "--kind", "call", "--note", hostile.sgr],
      ["accept", "m3@hostile.example"],
      ["lead", "show", "m3@hostile.example"],
      ["rep", "add", "eve", "--name", hostile.sgr, "--role", "ae", "--team", hostile.title],
      ["import", "revert", "1", "--dry-run"],
    ];
    for (const args of commands) {
      const result = await runMain(["--db", db, ...args]);
      expect.soft(result.stderr, args.join(" ")).not.toMatch(/internal error/);
      expect.soft(result.stdout, args.join(" ")).not.toMatch(unsafe);
      expect.soft(result.stderr, args.join(" ")).not.toMatch(unsafe);
    }
    const show = await runMain(["--db", db, "lead", "show", "red@hostile.example"]);
    // Visible, so a reader still sees that the name holds an escape sequence.
    expect(show.stdout).toContain("\\u001b[31mRED\\u001b[0m");
    const bidi = await runMain(["--db", db, "lead", "show", "bidi@hostile.example"]);
    expect(bidi.stdout).toContain("abc\\u202etxt.exe");
  }, 180_000);

  it("neutralises values echoed from argv and the CSV in error messages and warnings", async () => {
    const db = await seed();
    const cases: string[][] = [
      ["lead", "show", hostile.sgr],
      ["deal", "show", hostile.title],
      ["rep", "show", hostile.clear],
      ["leads", "--stage", hostile.sgr],
      ["leads", `--${hostile.sgr}`],
      ["report", "quota", "--period", hostile.c1],
      ["handoff", "--to", hostile.bidi, "plain@hostile.example"],
      [hostile.sgr],
      ["import", temp.path(`${hostile.sgr}-missing.csv`)],
      [
        "import",
        temp.write(
          `${hostile.title}.csv`,
          csv([
            ["email", "source"],
            ["x", hostile.sgr],
            ["f@hostile.example", hostile.c1],
          ]),
        ),
      ],
      [
        "import",
        "--type",
        "reps",
        temp.write(
          `${hostile.clear}.csv`,
          csv([
            ["name", "role"],
            [hostile.sgr, hostile.bidi],
          ]),
        ),
      ],
      [
        "import",
        temp.write(
          "warn.csv",
          csv([
            ["email", "email", hostile.sgr],
            ["w@hostile.example", "x@hostile.example", "v"],
          ]),
        ),
      ],
      [
        "import",
        temp.write(
          "unknown.csv",
          csv([
            [hostile.sgr, hostile.title],
            ["a", "b"],
          ]),
        ),
      ],
    ];
    for (const args of cases) {
      const result = await runMain(["--db", db, ...args]);
      expect.soft(result.stderr, args.join(" ")).not.toMatch(/internal error/);
      expect.soft(result.stdout, args.join(" ")).not.toMatch(unsafe);
      expect.soft(result.stderr, args.join(" ")).not.toMatch(unsafe);
    }
    const missing = await runMain(["--db", db, "lead", "show", hostile.sgr]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("\\u001b[31mRED\\u001b[0m");
  }, 180_000);

  it("neutralises CSV and JSON on a terminal, and keeps them exact in a pipe", async () => {
    const db = await seed();
    const commands: string[][] = [
      ["leads", "--json"],
      ["leads", "--format", "csv"],
      ["export", "leads"],
      ["export", "leads", "--json"],
      ["lead", "show", "red@hostile.example", "--json"],
      ["report", "sources", "--period", "2026", "--json"],
    ];
    const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
    for (const args of commands) {
      // util-linux `script` runs the command on a pseudo-terminal, as a person's shell would.
      const onTerminal = spawnSync(
        "script",
        ["-qec", [funnelBin, "--db", db, ...args].map(quote).join(" "), "/dev/null"],
        { env: plainEnv(), encoding: "utf8" },
      );
      expect(onTerminal.status, args.join(" ")).toBe(0);
      // The terminal turns each newline into CR LF; anything else is the command's own output.
      const shown = onTerminal.stdout.replaceAll("\r\n", "\n");
      expect(shown, args.join(" ")).toContain("\\u001b[31mRED");
      expect(shown, args.join(" ")).not.toMatch(unsafe);
    }
    const piped = await runMain(["--db", db, "lead", "show", "red@hostile.example", "--json"]);
    expect(piped.stdout).toContain("\\u001b[31mRED");
    expect(JSON.parse(piped.stdout).first_name).toBe(hostile.sgr);
    const csvPiped = await runMain(["--db", db, "export", "leads"]);
    expect(csvPiped.stdout).toContain(hostile.c1);
  }, 180_000);
});

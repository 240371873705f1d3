import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funnelBin, runFunnel } from "../helpers/run-funnel.js";

/**
 * Tables that fit the window: every list and report on a real pseudo-terminal (util-linux
 * `script`) 80 and 120 columns wide, with colour on, and the same commands piped.
 */

const esc = "\u001b";
const styling = new RegExp(`${esc}\\[[0-9;]*m`, "g");

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "funnel-narrow-"));
  db = join(dir, "demo.db");
  const demo = await runFunnel(["--db", db, "demo"]);
  expect(demo.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs funnel on a pseudo-terminal `columns` wide (set by stty, or by COLUMNS when `env` says
 * so) in a UTF-8 locale; returns what the terminal showed, styling escapes taken out.
 */
function onTerminal(
  args: readonly string[],
  columns: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; screen: string; raw: string }> {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const command = `stty cols ${columns} rows 50; exec ${[funnelBin, "--db", db, ...args].map(quote).join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: "UTC",
        TERM: "xterm-256color",
        LANG: "C.UTF-8",
        ...env,
      },
    });
    let raw = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (raw += chunk));
    child.stdin.end();
    child.on("error", reject);
    child.on("close", (code) => {
      raw = raw.replaceAll("\r\n", "\n");
      resolve({ code, raw, screen: raw.replace(styling, "") });
    });
  });
}

const commands: readonly (readonly string[])[] = [
  ["leads", "--limit", "60"],
  ["deals"],
  ["rep", "list"],
  ["quota", "list"],
  ["import", "list"],
  ["report", "assignments"],
  ["report", "quota", "--period", "2026-10", "--as-of", "2026-10-15"],
  ["report", "quota", "--period", "2026-Q4", "--as-of", "2026-11-15", "--by", "team"],
  ["report", "pipeline", "--as-of", "2026-11-30"],
  ["report", "funnel", "--period", "2026-Q4", "--as-of", "2026-12-31"],
  ["report", "funnel", "--period", "2026-Q4", "--as-of", "2026-12-31", "--by", "source"],
  ["report", "sources", "--period", "2026-Q4", "--as-of", "2026-12-31"],
  ["report", "sla", "--period", "2026-10"],
  ["report", "monthly", "--period", "2026-10"],
  ["doctor"],
];

const longest = (text: string) => Math.max(...text.split("\n").map((line) => [...line].length));

describe("on a terminal, tables fit the window", () => {
  for (const columns of [80, 120]) {
    it(`no line is wider than ${columns} columns`, { timeout: 240_000 }, async () => {
      for (const args of commands) {
        const { code, screen } = await onTerminal(args, columns);
        expect(code, args.join(" ")).toBe(0);
        // The demo's data is ASCII but for `…` and the chart's blocks: one column a character.
        expect(longest(screen), `${args.join(" ")}\n${screen}`).toBeLessThanOrEqual(columns);
      }
    });
  }

  it("says in one dim line which columns were left out, and --wide shows them all", async () => {
    const narrow = await onTerminal(["leads", "--limit", "5"], 80);
    expect(narrow.screen.split("\n")[0]).toBe(
      " id  email                   name          source       stage  owner       score",
    );
    expect(narrow.raw).toContain(
      `${esc}[2mnot shown to fit 80 columns: external id, company, created (--wide shows them)${esc}[22m`,
    );
    const wide = await onTerminal(["leads", "--limit", "5", "--wide"], 80);
    expect(wide.screen).not.toContain("not shown");
    expect(wide.screen.split("\n")[0]).toBe(
      " id  external id  email                                    name          company          source       stage  owner       score  created",
    );
    // COLUMNS wins over the terminal's own width.
    const fromEnv = await onTerminal(["leads", "--limit", "5"], 200, { COLUMNS: "80" });
    expect(fromEnv.screen).toBe(narrow.screen);
  });

  it("shows the 20 longest-idle stale deals, how many more, and all with --all", async () => {
    const args = ["report", "pipeline", "--as-of", "2026-11-30", "--stale-days", "1"];
    const { screen } = await onTerminal(args, 120);
    const total = Number(/Stale deals \((\d+)\)/.exec(screen)?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(screen).toContain(`… ${total - 20} more stale deals; --all lists them all`);
    const all = await onTerminal([...args, "--all"], 120);
    expect(all.screen).not.toContain("more stale deals");
    const piped = await runFunnel(["--db", db, ...args]);
    expect(piped.stdout).not.toContain("more stale deals");
    const listed = (text: string) =>
      text.split("Stale deals")[1]?.match(/^ *\d+ {2}DD\d+/gm)?.length;
    expect(listed(screen)).toBe(20);
    expect(listed(all.screen)).toBe(total);
    expect(listed(piped.stdout)).toBe(total);
  });

  it("names each rep's team in the per-rep quota table", async () => {
    const { screen } = await onTerminal(
      ["report", "quota", "--period", "2026-10", "--as-of", "2026-10-15"],
      120,
    );
    expect(screen).toMatch(/^rep +team +quota/m);
    expect(screen).toMatch(/^ana-souza +East +20,000.00/m);
  });

  it("draws the funnel chart in blocks on a UTF-8 terminal, in # elsewhere", async () => {
    const args = ["report", "funnel", "--period", "2026-Q4", "--as-of", "2026-12-31"];
    expect((await onTerminal(args, 80)).screen).toMatch(/^lead +\d+ +█+$/m);
    const other = await onTerminal(args, 80, { LANG: "C" });
    expect(other.screen).toMatch(/^lead +\d+ +#+$/m);
    expect(other.screen).not.toContain("█");
  });
});

describe("piped, nothing is cut", () => {
  it("prints every column and cell in full, whatever COLUMNS says", async () => {
    for (const args of commands) {
      const piped = await runFunnel(["--db", db, ...args], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: "UTC", COLUMNS: "40" },
      });
      expect(piped.code, args.join(" ")).toBe(0);
      expect(piped.stdout).not.toContain("not shown to fit");
      expect(piped.stdout).not.toContain("…");
      expect(piped.stdout).not.toContain("█");
    }
    const leads = await runFunnel(["--db", db, "leads", "--limit", "5"]);
    expect(leads.stdout.split("\n")[0]).toContain("external id");
    expect(leads.stdout.split("\n")[0]).toContain("created");
  }, 240_000);
});

describe("piped with FORCE_COLOR", () => {
  it("styles every report as on a terminal and still cuts nothing", async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: "UTC", COLUMNS: "40" };
    for (const args of [
      ["report", "sources", "--period", "2026-Q3", "--as-of", "2026-12-31"],
      ["report", "monthly", "--period", "2026-09", "--as-of", "2026-12-31"],
      ["report", "quota", "--period", "2026-Q3", "--as-of", "2026-12-31"],
      ["report", "pipeline", "--as-of", "2026-12-31"],
    ]) {
      const plain = await runFunnel(["--db", db, ...args], { env });
      const forced = await runFunnel(["--db", db, ...args], { env: { ...env, FORCE_COLOR: "1" } });
      expect(forced.code, args.join(" ")).toBe(0);
      // Styled (totals bold at least), and once the styling is taken out, the piped text as is.
      expect(forced.stdout, args.join(" ")).toContain(`${esc}[1m`);
      expect(forced.stdout.replace(styling, ""), args.join(" ")).toBe(plain.stdout);
    }
  }, 240_000);
});

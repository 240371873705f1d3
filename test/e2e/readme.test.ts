import { spawnSync } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { atClock, hasFaketime } from "../helpers/clock.js";
import { funnelBin, plainEnv, repoRoot } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

interface Example {
  readonly command: string;
  /** Its page (README.md, docs/….md) and line, for messages. */
  readonly page: string;
  readonly line: number;
  /** A `# exits N` comment's N; else 1 when what it shows starts with an error line, else 0. */
  readonly exitCode: number;
  /** The lines the README shows under it; a `...` line stands for lines it leaves out. */
  readonly shown: readonly string[];
}

/** Every `$ npx funnel ...` line of a page's console blocks, in order, with what it shows. */
function pageExamples(page: string): Example[] {
  const lines = readFileSync(join(repoRoot, page), "utf8").split("\n");
  const examples: { command: string; line: number; comment: string; shown: string[] }[] = [];
  let inConsole = false;
  lines.forEach((line, index) => {
    if (line.startsWith("```")) {
      inConsole = line === "```console";
      return;
    }
    if (!inConsole) return;
    if (line.startsWith("$ ")) {
      const comment = /\s+#.*$/.exec(line)?.[0] ?? "";
      examples.push({
        command: line.slice(2, line.length - comment.length),
        line: index + 1,
        comment,
        shown: [],
      });
      return;
    }
    examples.at(-1)?.shown.push(line);
  });
  return examples.map(({ command, line, comment, shown }) => {
    while (shown.at(-1) === "") shown.pop();
    const promised = /\bexits (\d+)/.exec(comment)?.[1];
    const exitCode =
      promised !== undefined ? Number(promised) : shown[0]?.startsWith("funnel: ") ? 1 : 0;
    return { command, page, line, exitCode, shown };
  });
}

/** Pages whose examples are not walked through, and why. */
const notWalked: Readonly<Record<string, string>> = {
  "docs/team-mode.md": "its examples need a PostgreSQL server",
};

/** The README and every page of docs/, as the walkthrough runs them. */
const pages = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

/**
 * The page a page continues (the same database and folder), when it says so in its words:
 * "The examples continue those of [title](page.md)".
 */
function continuedPage(page: string): string | undefined {
  const text = readFileSync(join(repoRoot, page), "utf8");
  const target = /The examples continue those of \[[^\]]*\]\(([^)#]+\.md)\)/.exec(text)?.[1];
  return target === undefined ? undefined : join(dirname(page), target);
}

/**
 * The walkthroughs: each starts with a page that continues none, on a fresh database, and goes
 * on with the page that continues it, and so on (at most one page continues another).
 */
function walkthroughs(): string[][] {
  const walked = pages.filter((page) => notWalked[page] === undefined);
  const next = new Map<string, string>();
  for (const page of walked) {
    const previous = continuedPage(page);
    if (previous === undefined) continue;
    expect(walked, `${page} continues ${previous}, which is not walked`).toContain(previous);
    expect(next.get(previous), `two pages continue ${previous}`).toBeUndefined();
    next.set(previous, page);
  }
  return walked
    .filter((page) => continuedPage(page) === undefined)
    .map((first) => {
      const chain = [first];
      for (let page = next.get(first); page !== undefined; page = next.get(page)) chain.push(page);
      return chain;
    });
}

/** A stretch of time, for telling the times a run stamped from the fixed times it shows. */
interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * What the comparison sets aside, and nothing else: a time that falls within the run itself,
 * as ISO 8601 (an import's time, a lead's updated_at) or as a file name's stamp (the
 * `<db>.before-restore-20261127T052641Z` a restore keeps), and an import's duration
 * (`in 61 ms`, `in 1.2 s`). Times outside the run (fixtures, --at, --as-of) are compared.
 */
const setAsideKinds = [
  {
    name: "time of the run",
    pattern: String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`,
    instant: (text: string): number | undefined => Date.parse(text),
  },
  {
    name: "time of the run",
    pattern: String.raw`\d{8}T\d{6}Z`,
    instant: (text: string): number | undefined =>
      Date.parse(text.replace(/^(....)(..)(..)T(..)(..)(..)Z$/, "$1-$2-$3T$4:$5:$6Z")),
  },
  {
    name: "duration",
    pattern: String.raw`\bin (?:\d+ ms|\d+\.\d s)\b`,
    instant: (): number | undefined => undefined,
  },
];
const setAside = new RegExp(setAsideKinds.map((kind) => `(${kind.pattern})`).join("|"), "g");

/** `printed` cut into its own text and what the comparison sets aside in it (`kind`). */
function setAsideIn(
  printed: string,
  run: Span,
): { text: string; kind?: (typeof setAsideKinds)[number] }[] {
  const parts: { text: string; kind?: (typeof setAsideKinds)[number] }[] = [];
  let last = 0;
  for (const match of printed.matchAll(setAside)) {
    const kind = setAsideKinds[match.slice(1).findIndex((group) => group !== undefined)];
    const instant = kind?.instant(match[0]);
    // A stamp counts whole seconds: the run's first second is the run's.
    const ofTheRun = instant === undefined || (instant >= run.from - 1000 && instant <= run.to);
    if (!ofTheRun) continue;
    parts.push({ text: printed.slice(last, match.index) }, { text: match[0], kind });
    last = match.index + match[0].length;
  }
  parts.push({ text: printed.slice(last) });
  return parts;
}

/** A pattern for the README line that shows `printed`: its run's times and durations left open. */
function shownLinePattern(printed: string, run: Span): RegExp {
  const pattern = setAsideIn(printed, run)
    .map((part) => part.kind?.pattern ?? escapeRegExp(part.text))
    .join("");
  return new RegExp(`^${pattern}$`);
}

/** `printed` as the failure message shows it: the run's times and durations named. */
function withTimesNamed(printed: string, run: Span): string {
  return setAsideIn(printed, run)
    .map((part) => (part.kind === undefined ? part.text : `<${part.kind.name}>`))
    .join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether `printed` is what `shown` shows: line for line, where a `...` line stands for any lines. */
function showsOutput(
  shown: readonly string[],
  printed: readonly string[],
  same: (shownLine: string, printedLine: string) => boolean,
): boolean {
  const parts: string[][] = [[]];
  for (const line of shown) {
    if (line.trim() === "...") parts.push([]);
    else parts.at(-1)?.push(line);
  }
  const matchesAt = (part: readonly string[], start: number) =>
    start >= 0 &&
    start + part.length <= printed.length &&
    part.every((line, offset) => same(line, printed[start + offset] ?? ""));
  const [first = [], ...rest] = parts;
  if (!matchesAt(first, 0)) return false;
  if (rest.length === 0) return first.length === printed.length;
  let position = first.length;
  const lastPart = rest.pop() ?? [];
  for (const part of rest) {
    let start = position;
    while (start + part.length <= printed.length && !matchesAt(part, start)) start++;
    if (!matchesAt(part, start)) return false;
    position = start + part.length;
  }
  return (
    matchesAt(lastPart, printed.length - lastPart.length) &&
    printed.length - lastPart.length >= position
  );
}

/** The interactive qualify shows a session; without a terminal it must refuse, naming the scripted form. */
const isInteractive = (command: string) => /^npx funnel qualify( --limit \d+)?$/.test(command);

function git(dir: string, ...args: string[]): string {
  const result = spawnSync(
    "git",
    ["-c", "user.name=walkthrough", "-c", "user.email=walkthrough@example.invalid", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  expect(result.status, `git ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/**
 * Runs every example in order in a fresh folder holding the repository's fixtures and
 * .gitignore, committed to a git repository of its own, each command with its clock at
 * `clock` plus the time the walkthrough has taken so far (the machine's clock when undefined).
 */
function walkThrough(chain: readonly string[], clock: Date | undefined): void {
  const dir = temp.path("walkthrough");
  mkdirSync(dir);
  cpSync(join(repoRoot, "fixtures"), join(dir, "fixtures"), { recursive: true });
  copyFileSync(join(repoRoot, ".gitignore"), join(dir, ".gitignore"));
  git(dir, "init", "--quiet");
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--message", "the repository's fixtures and .gitignore");

  const examples = chain.flatMap(pageExamples);
  const started = Date.now();
  const clockNow = () => (clock?.getTime() ?? started) + (Date.now() - started);
  const outputFile = temp.path("output.txt");
  for (const example of examples) {
    const shell = ["bash", "-c", example.command.replace(/^npx funnel/, `"${funnelBin}"`)];
    const argv = clock === undefined ? shell : atClock(new Date(clockNow()), shell);
    // stdout and stderr into one file, in the order a terminal shows them.
    const output = openSync(outputFile, "w");
    const result = spawnSync(argv[0] ?? "", argv.slice(1), {
      cwd: dir,
      env: plainEnv(),
      stdio: ["ignore", output, output],
    });
    closeSync(output);
    const printed = readFileSync(outputFile, "utf8").replace(/\n+$/, "").split("\n");
    if (printed.length === 1 && printed[0] === "") printed.pop();
    const run = { from: clock?.getTime() ?? started, to: clockNow() + 1000 };
    const context = [
      `${example.page}:${example.line}: $ ${example.command}`,
      `--- ${example.page} shows:`,
      ...example.shown,
      "--- it printed (exit code " +
        `${result.status}; times of the run and durations named as such):`,
      ...printed.map((line) => withTimesNamed(line, run)),
    ].join("\n");
    // Soft: one run names every example that differs, not only the first.
    if (isInteractive(example.command)) {
      expect.soft(result.status, context).toBe(1);
      expect.soft(printed.join("\n"), context).toMatch(/without one, use: funnel qualify <lead>/);
      continue;
    }
    expect.soft(result.status, context).toBe(example.exitCode);
    const same = (shownLine: string, printedLine: string) =>
      shownLinePattern(printedLine, run).test(shownLine);
    expect.soft(showsOutput(example.shown, printed, same), context).toBe(true);
  }
  // Everything the walkthrough wrote is ignored by the repository's .gitignore.
  expect.soft(git(dir, "status", "--porcelain", "--untracked-files=all")).toBe("");
}

// CI installs faketime and must run the walkthrough at two dates; a machine without it runs it
// once, on its own clock, saying so.
if (!hasFaketime && process.env.CI === "true")
  throw new Error("no libfaketime on this machine: apt-get install faketime");
if (!hasFaketime)
  console.warn(
    "the README walkthrough runs once, on the machine's clock: no faketime to run it at two dates (apt-get install faketime)",
  );
const clocks = hasFaketime
  ? [new Date("2027-02-15T09:30:00Z"), new Date("2027-09-20T16:45:00Z")]
  : [undefined];

const chains = walkthroughs().filter((chain) => chain.some((page) => pageExamples(page).length));
const withoutExamples = pages.filter(
  (page) => notWalked[page] === undefined && pageExamples(page).length === 0,
);

describe("the README and docs/", () => {
  // A loop, not it.each: it.each cuts a long name (a story of many pages) short.
  for (const chain of chains) {
    for (const clock of clocks) {
      const name =
        clock === undefined ? "the machine's clock" : `the clock at ${clock.toISOString()}`;
      it(
        `${chain.join(", then ")}: shows every line its commands print, run in order on a fresh database, with ${name}, and leaves the work tree clean`,
        () => walkThrough(chain, clock),
        600_000,
      );
    }
  }

  it(`walks every page with examples through, but ${Object.entries(notWalked)
    .map(([page, why]) => `${page} (${why})`)
    .join(", ")}; without examples: ${withoutExamples.join(", ")}`, () => {
    const walked = chains.flat();
    for (const page of pages) {
      if (notWalked[page] !== undefined) expect(walked).not.toContain(page);
      else if (!withoutExamples.includes(page)) expect(walked).toContain(page);
    }
    // The README's tour and the story of docs/ are there, with their examples.
    expect(pageExamples("README.md").length).toBeGreaterThanOrEqual(10);
    expect(
      chains.find((chain) => chain[0] === "docs/import.md")?.flatMap(pageExamples).length,
    ).toBeGreaterThan(50);
  });
});

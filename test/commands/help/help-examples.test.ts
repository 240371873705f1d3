import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../../src/cli/commander.js";
import { examplesOf } from "../../../src/cli/examples.js";
import { buildProgram } from "../../../src/program.js";
import { plainEnv, repoRoot } from "../../helpers/run-funnel.js";
import { runMain } from "../../helpers/run-main.js";

/** Every command of the program, every one wired, by the words that invoke it ("" for funnel). */
async function everyCommand(): Promise<{ name: string; command: Command }[]> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const program = await buildProgram("0.0.0", {
    stdout: sink,
    stderr: sink,
    stdin: process.stdin,
    env: plainEnv(),
  });
  const commands: { name: string; command: Command }[] = [];
  const walk = (command: Command, name: string) => {
    commands.push({ name, command });
    for (const sub of command.commands) {
      // __complete is hidden: the completion scripts' own, not a user's command.
      if (!sub.name().startsWith("__")) walk(sub, `${name} ${sub.name()}`.trim());
    }
  };
  walk(program, "");
  return commands;
}

interface RunnableExample {
  /** The words after `funnel`. */
  readonly argv: string[];
  /** The exit code a `# exits N` comment promises, else 0. */
  readonly exitCode: number;
  /** Whether it ends with `> FILE`: then its standard output is what it is for. */
  readonly redirected: boolean;
}

/** An example line as a shell reads it: words, "quoted" or 'quoted', `> FILE`, `# comment`. */
function parseExample(line: string): RunnableExample {
  const [commandLine = "", comment = ""] = line.split(/\s+#\s/);
  const words = [...commandLine.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? "",
  );
  expect(words[0], line).toBe("funnel");
  const redirected = words.at(-2) === ">";
  return {
    argv: words.slice(1, redirected ? -2 : undefined),
    exitCode: Number(/\bexits (\d+)/.exec(comment)?.[1] ?? 0),
    redirected,
  };
}

const commands = await everyCommand();

/**
 * A folder prepared as the README prepares its databases: the repository's fixtures, the demo
 * database as ./funnel.db (what the examples use unless they name one) and a backup of it.
 */
let prepared: string;
beforeAll(async () => {
  prepared = mkdtempSync(join(tmpdir(), "funnel-help-examples-"));
  cpSync(join(repoRoot, "fixtures"), join(prepared, "fixtures"), { recursive: true });
  for (const argv of [["demo"], ["backup", "backups/funnel-2026-11-27.db"]]) {
    const result = await runMain(argv, { cwd: prepared });
    expect(result.code, result.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(prepared, { recursive: true, force: true }));

describe("every command's --help", () => {
  it("lists every command there is, groups and subcommands", () => {
    const names = commands.map((each) => each.name);
    for (const name of ["", "import revert", "sla check", "report pipeline", "help", "demo"])
      expect(names).toContain(name);
    expect(names.length).toBeGreaterThan(50);
  });

  it.each(commands.map(({ name, command }) => ({ name: `funnel ${name}`.trim(), command })))(
    "$name --help ends with one or more examples, in 80 columns",
    async ({ name, command }) => {
      const examples = examplesOf(command);
      expect(examples.length, `${name} has no examples`).toBeGreaterThan(0);
      const result = await runMain([...name.split(" ").slice(1), "--help"]);
      expect(result.code).toBe(0);
      const block = `\nExamples:\n${examples.map((line) => `  ${line}`).join("\n")}\n`;
      expect(result.stdout.endsWith(block), result.stdout).toBe(true);
      for (const line of examples) expect(`  ${line}`.length, line).toBeLessThanOrEqual(80);
    },
  );

  it.each(commands.map(({ name, command }) => ({ name: `funnel ${name}`.trim(), command })))(
    "$name: its examples work as shown, in order, on the demo database",
    async ({ command }) => {
      const dir = mkdtempSync(join(tmpdir(), "funnel-help-example-"));
      try {
        cpSync(prepared, dir, { recursive: true });
        for (const line of examplesOf(command)) {
          const example = parseExample(line);
          const result = await runMain(example.argv, { cwd: dir });
          const context = `${line}\n--- stdout:\n${result.stdout}--- stderr:\n${result.stderr}`;
          expect(result.code, context).toBe(example.exitCode);
          if (example.redirected) expect(result.stdout, context).not.toBe("");
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

it("reads an example as a shell would", () => {
  expect(
    parseExample(`funnel reject 298 --reason "no budget" --at 2026-11-27T10:00:00Z  # exits 3: x`),
  ).toEqual({
    argv: ["reject", "298", "--reason", "no budget", "--at", "2026-11-27T10:00:00Z"],
    exitCode: 3,
    redirected: false,
  });
  expect(parseExample("funnel completion fish > ~/f.fish")).toEqual({
    argv: ["completion", "fish"],
    exitCode: 0,
    redirected: true,
  });
});

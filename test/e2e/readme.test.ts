import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { funnelBin, plainEnv, repoRoot } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

interface Example {
  readonly command: string;
  /** The exit code a `# exits N` comment on the line promises (else 0, or 1 for an error). */
  readonly exitCode: number | undefined;
  /** The first line the README shows after it: an error line means the command must fail. */
  readonly firstOutput: string | undefined;
}

/** Every `$ npx funnel ...` line of the README's console examples, in order. */
function readmeExamples(): Example[] {
  const lines = readFileSync(join(repoRoot, "README.md"), "utf8").split("\n");
  const examples: Example[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith("$ npx funnel ")) return;
    const next = lines[index + 1];
    const promised = /#.*\bexits (\d+)/.exec(line)?.[1];
    examples.push({
      command: line.slice(2).replace(/\s+#.*$/, ""),
      exitCode: promised === undefined ? undefined : Number(promised),
      firstOutput:
        next === undefined || next.startsWith("$ ") || next.startsWith("```") ? undefined : next,
    });
  });
  return examples;
}

describe("the README", () => {
  it("shows commands that work as shown, run in order on a fresh database", () => {
    const dir = temp.path("walkthrough");
    cpSync(join(repoRoot, "fixtures"), join(dir, "fixtures"), { recursive: true });
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThan(25);
    for (const example of examples) {
      const result = spawnSync(
        "bash",
        ["-c", example.command.replace(/^npx funnel/, `"${funnelBin}"`)],
        {
          cwd: dir,
          env: plainEnv(),
          encoding: "utf8",
        },
      );
      const expectsError = example.firstOutput?.startsWith("funnel: ") === true;
      // The interactive qualify shows a session; without a terminal it must refuse, naming the scripted form.
      const interactive = /^npx funnel qualify( --limit \d+)?$/.test(example.command);
      const context = `${example.command}\n${result.stdout}${result.stderr}`;
      if (expectsError || interactive) {
        expect(result.status, context).toBe(example.exitCode ?? 1);
        expect(result.stderr, context).toMatch(
          interactive ? /without one, use: funnel qualify <lead>/ : /^funnel: /,
        );
      } else {
        expect(result.status, context).toBe(0);
        expect(result.stderr, context).not.toMatch(/^funnel: (?!showing)/m);
      }
      if (example.firstOutput !== undefined && !expectsError && !interactive) {
        // The first line of output as shown, once times, dates and durations are set aside.
        const normalise = (text: string) =>
          text
            .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
            .replace(/in \d+(\.\d)? m?s/g, "in <duration>");
        expect(normalise(result.stdout.split("\n")[0] ?? ""), context).toBe(
          normalise(example.firstOutput),
        );
      }
    }
  }, 600_000);
});

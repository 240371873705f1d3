import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fakedClockEnv } from "./clock.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const funnelBin = fileURLToPath(new URL("../../bin/funnel", import.meta.url));

if (!existsSync(new URL("../../dist/main.js", import.meta.url))) {
  throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a script or cron job: no TTY, no colour, UTC unless told otherwise; on the
 * suite's faked clock when it runs under faketime.
 */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: "true",
    NO_COLOR: "1",
    TZ: "UTC",
    ...fakedClockEnv(),
    ...extra,
  };
}

/** Spawns the built binary as a shell would (its shebang and flags included), with no standard input. */
export function runFunnel(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<RunResult> {
  return runCommand(funnelBin, args, options);
}

/** Spawns any program (no shell unless it is the program), with no standard input. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? plainEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

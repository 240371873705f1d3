import { spawn } from "node:child_process";
import { funnelBin, plainEnv, type RunResult, repoRoot } from "./run-funnel.js";

/** Spawns any program (no shell unless it is the program), with no standard input. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
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
  });
}

export const runsAsRoot = process.getuid?.() === 0;

/**
 * Runs funnel so that file permissions bind it. As root (CI here) a chmod 0400 stops nothing,
 * so funnel runs without the capabilities root uses to ignore permissions (setpriv drops them
 * from the bounding set before exec); as any other user, permissions bind anyway.
 */
export function runFunnelBoundByPermissions(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  if (!runsAsRoot) return runCommand(funnelBin, args, options);
  return runCommand(
    "setpriv",
    ["--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", funnelBin, ...args],
    options,
  );
}

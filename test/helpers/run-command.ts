import { funnelBin, type RunResult, runCommand } from "./run-funnel.js";

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

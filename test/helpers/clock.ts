import { spawnSync } from "node:child_process";

/**
 * Debian's `faketime` (package faketime; .ci/run installs it when missing): runs a program with
 * its clock set, so that a test of something that depends on "now" names its day.
 */
export const hasFaketime = spawnSync("sh", ["-c", "command -v faketime"]).status === 0;

/**
 * The command line that runs `command` with its process clock starting at `at` and running on
 * from there (each process starts afresh at `at`). The time is read in the program's `TZ`:
 * give it `TZ=UTC` (plainEnv does) for `at` to mean that instant.
 */
export function atClock(at: Date, command: readonly string[]): string[] {
  const stamp = at.toISOString().replace("T", " ").replace("Z", "");
  return ["faketime", "-f", `@${stamp}`, ...command];
}

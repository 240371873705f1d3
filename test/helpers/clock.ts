import { spawnSync } from "node:child_process";

/**
 * Debian's `faketime` (package faketime; .ci/run installs it when missing): runs a program with
 * its clock set, so that a test of something that depends on "now" names its day.
 */
export const hasFaketime = spawnSync("sh", ["-c", "command -v faketime"]).status === 0;

/**
 * The command line that runs `command` with its process clock starting at `at` and running on
 * from there (each process starts afresh at `at`). The time is read in the program's `TZ`:
 * give it `TZ=UTC` (plainEnv does) for `at` to mean that instant. A faked clock the suite
 * itself runs under (fakedClockEnv) is set aside first: faketime refuses to run inside one.
 */
export function atClock(at: Date, command: readonly string[]): string[] {
  const stamp = at.toISOString().replace("T", " ").replace("Z", "");
  const unset = fakedClockNames.flatMap((name) => ["-u", name]);
  return ["env", ...unset, "faketime", "-f", `@${stamp}`, ...command];
}

const fakedClockNames = ["LD_PRELOAD", "FAKETIME", "FAKETIME_SHARED"];

/**
 * The environment variables of a faked clock the suite runs under (`faketime '2027-06-15
 * 12:00:00' npx vitest run`), for the processes it spawns, so that they see the same day.
 */
export function fakedClockEnv(): NodeJS.ProcessEnv {
  if (process.env.FAKETIME === undefined) return {};
  return Object.fromEntries(fakedClockNames.map((name) => [name, process.env[name]]));
}

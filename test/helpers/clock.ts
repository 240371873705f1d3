import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Debian's libfaketime (package faketime; .ci/run installs it when missing), preloaded into a
 * program to set its clock, so that a test of something that depends on "now" names its day.
 * Not through the `faketime` wrapper: it names a semaphore after its own process id, and one
 * left in /dev/shm by a killed run fails a later wrapper that gets the same id ("sem_open: File
 * exists"), which it did in a full suite run.
 */
const libfaketime = findLibfaketime();
export const hasFaketime = libfaketime !== undefined;

function findLibfaketime(): string | undefined {
  const roots = ["/usr/lib", "/usr/local/lib"];
  for (const root of roots) {
    const candidates = [join(root, "faketime")];
    try {
      for (const entry of readdirSync(root)) candidates.push(join(root, entry, "faketime"));
    } catch {
      // No such folder on this machine.
    }
    for (const folder of candidates) {
      const library = join(folder, "libfaketime.so.1");
      if (existsSync(library)) return library;
    }
  }
  return undefined;
}

/**
 * The command line that runs `command` with its process clock starting at `at` and running on
 * from there (each process starts afresh at `at`). The time is read in the program's `TZ`:
 * give it `TZ=UTC` (plainEnv does) for `at` to mean that instant. A faked clock the suite
 * itself runs under (fakedClockEnv) is set aside first: the new one replaces it.
 */
export function atClock(at: Date, command: readonly string[]): string[] {
  const stamp = at.toISOString().replace("T", " ").replace("Z", "");
  const unset = fakedClockNames.flatMap((name) => ["-u", name]);
  if (libfaketime === undefined) throw new Error("no libfaketime: apt-get install faketime");
  return ["env", ...unset, `LD_PRELOAD=${libfaketime}`, `FAKETIME=@${stamp}`, ...command];
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

/**
 * The environment that stops a program's clock at `at` (read in its TZ): every "now" it takes is
 * that instant, so two runs stamp the same times; durations (the monotonic clock) still pass.
 */
export function frozenClockEnv(at: string): NodeJS.ProcessEnv {
  if (libfaketime === undefined) throw new Error("no libfaketime: apt-get install faketime");
  return {
    LD_PRELOAD: libfaketime,
    FAKETIME: at,
    FAKETIME_SHARED: undefined,
    DONT_FAKE_MONOTONIC: "1",
  };
}

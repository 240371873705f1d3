import { Readable, Writable } from "node:stream";
import { main } from "../../src/main.js";
import { plainEnv, type RunResult, repoRoot } from "./run-funnel.js";

/**
 * Runs funnel in this process as runFunnel runs the binary: main(argv, io) with streams that
 * capture what it writes, a script's environment (plainEnv) unless told, relative paths in
 * `cwd` (default the repository, as runFunnel's) and `stdin` as standard input (no terminal).
 * For command tests that need no process of their own: not signals, crashes, a terminal, a
 * faked clock or other processes.
 */
export async function runMain(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin?: string } = {},
): Promise<RunResult> {
  const env = options.env ?? plainEnv();
  const output = { stdout: "", stderr: "" };
  const capture = (name: keyof typeof output) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        output[name] += chunk.toString("utf8");
        done();
      },
    });
  const io = {
    stdout: capture("stdout"),
    stderr: capture("stderr"),
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env,
    cwd: options.cwd ?? repoRoot,
  };
  // Local time (period edges, dates without a zone) follows the process's TZ, which Node
  // reads again whenever it is set: the run's, as a spawned binary's would be.
  const zone = process.env.TZ;
  setZone(env.TZ);
  try {
    const code = await main(argv, io);
    return { code, signal: null, stdout: output.stdout, stderr: output.stderr };
  } finally {
    setZone(zone);
  }
}

function setZone(zone: string | undefined): void {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
}

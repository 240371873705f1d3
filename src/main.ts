import { readFileSync } from "node:fs";
import type { Io, Output } from "./cli/context.js";
import { useProcessTimeZone } from "./domain/time-zone.js";
import { BreachError, ExitCode, InterruptedError, UsageError, UserError } from "./errors.js";
import { neutraliseControls, oneLine } from "./render/terminal.js";

function packageVersion(): string {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Runs funnel with `argv` (without node and script) on `io`'s streams, environment and folder,
 * and returns the exit code: the one place where errors become exit codes.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  // The one answer that needs no command tree: scripts ask it often.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const { buildProgram } = await import("./program.js");
  try {
    const program = await buildProgram(packageVersion(), io, argv);
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    const { describeEngineError } = await import("./store/errors.js");
    return report(await describeEngineError(error, io.env), io);
  } finally {
    // The command's clock (cli/team-clock.ts) ends with it: the next run in this process sets its own.
    useProcessTimeZone();
  }
}

/**
 * The exit code of a process whose standard output failed, once it has said why on `stderr`.
 * bin/funnel, which owns the process, asks it: the output may still be flushing after main
 * returned, so only the process can stop there.
 */
export function stdoutFailed(error: NodeJS.ErrnoException, stderr: Output): number {
  // `funnel leads --all | head`: the reader went away; stop quietly, as Unix tools do.
  if (error.code === "EPIPE") return ExitCode.ok;
  // `> /dev/full`, a full disk: commands print after they commit, so only the output is lost.
  stderr.write(
    `funnel: cannot write to standard output (${oneLine(error.message)}); what it printed is incomplete, and any change the command made was saved\n`,
  );
  return ExitCode.failure;
}

function report(error: unknown, io: Io): number {
  // Messages echo values from argv and CSV files: neutralise them before the terminal sees them.
  const write = (text: string) => io.stderr.write(neutraliseControls(text));
  // Commander's own errors (and help/version) carry a "commander.*" code; they were printed already.
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("commander.")) {
    return (error as Error & { exitCode: number }).exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const known = translate(error);
  if (known instanceof UserError) {
    // Messages quote file data (headers, ids): one line each, whatever that data holds.
    write(
      `funnel: ${oneLine(known.message)}${known.hint === undefined ? "" : `; ${oneLine(known.hint)}`}\n`,
    );
    return ExitCode.failure;
  }
  if (known instanceof UsageError) {
    write(`funnel: ${oneLine(known.message)}\n`);
    return ExitCode.usage;
  }
  if (known instanceof BreachError) {
    write(`funnel: ${oneLine(known.message)}\n`);
    return ExitCode.breach;
  }
  if (known instanceof InterruptedError) {
    write(`funnel: ${known.message}\n`);
    return ExitCode.interrupted;
  }
  const detail = known instanceof Error ? (known.stack ?? known.message) : String(known);
  const brief = known instanceof Error ? known.message : String(known);
  write(
    `funnel: internal error: ${oneLine(brief)}; this is a bug: please report it with the command you ran${
      io.env.FUNNEL_DEBUG ? `\n${detail}` : " (set FUNNEL_DEBUG=1 to print the trace)"
    }\n`,
  );
  return ExitCode.failure;
}

/**
 * The file system's errors that mean something a user can act on (the store turns its engine's
 * own into UserErrors before they get here).
 */
function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return error;
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return new UserError(
        `the disk is full${fileOf(error)}`,
        "free some space and run the command again",
      );
    // An --out or --rejects path that is a pipe (/dev/stdout, a FIFO) whose reader went away.
    case "EPIPE":
      return new UserError(
        "the program reading the output stopped before the end (broken pipe); the output is incomplete",
        "let it read to the end, or write to a file",
      );
    case "EFBIG":
      return new UserError(
        `a file grew past the file size limit${fileOf(error)}`,
        "raise the limit (ulimit -f) and run the command again",
      );
    case "EROFS":
      return new UserError(
        `the file system is read-only${fileOf(error)}`,
        "write to another folder (--db, --out)",
      );
    case "EACCES":
    case "EPERM":
      return new UserError((error as Error).message, "check the file's permissions");
    // A path the user gave (--out, a rejects file) that cannot be a file: a missing or
    // unwritable folder such as /proc, a folder where a file should be, a name too long.
    case "ENOENT":
    case "ENOTDIR":
    case "EISDIR":
    case "ENAMETOOLONG":
    case "ELOOP":
    case "EINVAL":
    case "EEXIST": {
      const path = (error as { path?: unknown }).path;
      if (typeof path !== "string") return error;
      const why = (error as Error).message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/s, "");
      // mkdir of an --out file's folder where a file of that name is.
      const what =
        (error as { syscall?: unknown }).syscall === "mkdir" ? "create the folder" : "write";
      return new UserError(
        `cannot ${what} ${path}: ${why}`,
        "give a path in a folder you can write to",
      );
    }
    default:
      return error;
  }
}

/** `: cannot write PATH` for a Node file-system error that names its file. */
function fileOf(error: unknown): string {
  const path = (error as { path?: unknown }).path;
  return typeof path === "string" ? `: cannot write ${path}` : "";
}

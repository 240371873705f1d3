import { readFileSync } from "node:fs";
import { BreachError, ExitCode, InterruptedError, UsageError, UserError } from "./errors.js";
import { neutraliseControls } from "./render/terminal.js";

function packageVersion(): string {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

/** Runs funnel with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // `funnel leads --all | head`: the reader went away; stop quietly, as Unix tools do.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.ok);
    throw error;
  });
  // The one answer that needs no command tree: scripts ask it often.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const { buildProgram } = await import("./program.js");
  const program = buildProgram(packageVersion(), argv);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  // Messages echo values from argv and CSV files: neutralise them before the terminal sees them.
  const write = (text: string) => process.stderr.write(neutraliseControls(text));
  // Commander's own errors (and help/version) carry a "commander.*" code; they were printed already.
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("commander.")) {
    return (error as Error & { exitCode: number }).exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const known = translate(error);
  if (known instanceof UserError) {
    write(`funnel: ${known.message}${known.hint === undefined ? "" : `; ${known.hint}`}\n`);
    return ExitCode.failure;
  }
  if (known instanceof UsageError) {
    write(`funnel: ${known.message}\n`);
    return ExitCode.usage;
  }
  if (known instanceof BreachError) {
    write(`funnel: ${known.message}\n`);
    return ExitCode.breach;
  }
  if (known instanceof InterruptedError) {
    write(`funnel: ${known.message}\n`);
    return ExitCode.interrupted;
  }
  const detail = known instanceof Error ? (known.stack ?? known.message) : String(known);
  const brief = known instanceof Error ? known.message : String(known);
  write(
    `funnel: internal error: ${brief}; this is a bug: please report it with the command you ran${
      process.env.FUNNEL_DEBUG ? `\n${detail}` : " (set FUNNEL_DEBUG=1 to print the trace)"
    }\n`,
  );
  return ExitCode.failure;
}

/** SQLite's errors that mean something a user can act on. */
function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return error;
  switch (code) {
    case "SQLITE_BUSY":
      return new UserError(
        "the database is busy: another funnel command is writing to it",
        "try again when it has finished",
      );
    case "SQLITE_FULL":
      return new UserError(
        "the disk is full; nothing was changed",
        "free some space and run the command again",
      );
    case "SQLITE_READONLY":
      return new UserError(
        "the database is read-only; nothing was changed",
        "check the permissions of the file and its folder",
      );
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return new UserError(
        "the database file is damaged or not a funnel database",
        "restore it from a backup",
      );
    case "ENOSPC":
      return new UserError(
        "the disk is full; nothing was changed",
        "free some space and run the command again",
      );
    case "EACCES":
    case "EPERM":
      return new UserError((error as Error).message, "check the file's permissions");
    default:
      return error;
  }
}

import { isAbsolute, join } from "node:path";
import { isPostgresTarget } from "../store/postgres/connection-target.js";
import type { Command } from "./commander.js";

/** A stream funnel writes to; a terminal says so (isTTY) and how wide it is. */
export type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
/** A stream funnel reads answers from; prompts need a terminal. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean };

/**
 * What funnel takes from the process it runs in: bin/funnel gives the process's own, a test
 * its own, so that a command runs in-process as it runs from a shell.
 */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: Input;
  readonly env: NodeJS.ProcessEnv;
  /**
   * The folder relative paths (--db, --out, a file argument) are in. Left out by bin/funnel:
   * the process's own folder, where relative paths already point, so they stay as the user
   * wrote them in every message.
   */
  readonly cwd?: string | undefined;
}

/** What a command needs from the world: its streams, environment and database path. */
export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Where prompts read answers; without one, nothing is a terminal to ask on. */
  readonly stdin?: Input | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: string;
}

// No database import here: program.ts loads this module, and `funnel --help` must not pay
// for SQLite. Commands open the store through with-store.ts.

/** `--db PATH` > `FUNNEL_DB` > `./funnel.db`. */
export function resolveDbPath(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option !== undefined && option !== "") return option;
  const fromEnv = env.FUNNEL_DB;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return "funnel.db";
}

/**
 * A path the user gave, as funnel opens it: a relative one is in `cwd` (see Io); a PostgreSQL
 * URL is no path.
 */
export function pathIn(cwd: string | undefined, path: string): string {
  return cwd === undefined || isAbsolute(path) || isPostgresTarget(path) ? path : join(cwd, path);
}

export function createContext(io: Io, globalOptions: { db?: string }): CommandContext {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    env: io.env,
    dbPath: pathIn(io.cwd, resolveDbPath(globalOptions.db, io.env)),
  };
}

/** The context of the command being run: its options with the global ones (--db). */
export type ContextOf = (command: Command) => CommandContext;

/**
 * What a command group's module gives program.ts: how to wire each top-level command it
 * serves (options, arguments, subcommands, action), by name, once that command is invoked.
 */
export interface CommandGroup {
  readonly wiring: Readonly<Record<string, (command: Command, context: ContextOf) => void>>;
}

/** Options that name files, besides --db (see createContext). */
const pathOptions = ["out", "rejects", "config"];
/** Options that name databases in one command only (elsewhere --from and --to are dates). */
const databaseOptions: Readonly<Record<string, readonly string[]>> = { copy: ["from", "to"] };

/**
 * Puts the files a command names in `cwd` (see Io) before its action runs: its path options
 * (a parent may hold them: `import list --out`) and an argument called <file>.
 */
export function placePathsIn(command: Command, cwd: string | undefined): void {
  if (cwd === undefined) return;
  for (let current: Command | null = command; current !== null; current = current.parent) {
    for (const name of pathOptions) {
      const value: unknown = current.getOptionValue(name);
      if (typeof value === "string")
        current.setOptionValueWithSource(
          name,
          pathIn(cwd, value),
          current.getOptionValueSource(name) ?? "cli",
        );
    }
  }
  if (command.parent?.name() === "db")
    for (const name of databaseOptions[command.name()] ?? []) {
      const value: unknown = command.getOptionValue(name);
      if (typeof value === "string") command.setOptionValue(name, pathIn(cwd, value));
    }
  command.registeredArguments.forEach((argument, index) => {
    const value: unknown = command.processedArgs[index];
    if (argument.name() === "file" && typeof value === "string")
      command.processedArgs[index] = pathIn(cwd, value);
  });
}

/** What a command needs from the world: its streams, environment and database path. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: string;
}

// No database import here: program.ts loads this module, and `funnel --help` must not pay
// for SQLite. Commands open the database through with-database.ts.

/** `--db PATH` > `FUNNEL_DB` > `./funnel.db`. */
export function resolveDbPath(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option !== undefined && option !== "") return option;
  const fromEnv = env.FUNNEL_DB;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  return "funnel.db";
}

export function createContext(globalOptions: { db?: string }): CommandContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    dbPath: resolveDbPath(globalOptions.db, process.env),
  };
}

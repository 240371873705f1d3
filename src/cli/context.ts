import { type Db, openDatabase, resolveDbPath } from "../store/database.js";

/** What a command needs from the world: its streams, environment and database path. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: string;
}

export function createContext(globalOptions: { db?: string }): CommandContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    dbPath: resolveDbPath(globalOptions.db, process.env),
  };
}

/** Opens the context's database for the duration of `work`, closing it afterwards. */
export function withDatabase<T>(context: CommandContext, work: (db: Db) => T): T {
  const db = openDatabase(context.dbPath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** `withDatabase` for work that awaits (streamed imports and exports). */
export async function withDatabaseAsync<T>(
  context: CommandContext,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const db = openDatabase(context.dbPath);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

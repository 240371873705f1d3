import { openStore, type Store } from "../../src/store/store.js";
import { postgresBase, throwawayDatabase } from "./postgres.js";

/**
 * The engines the store-level tests run on, each opening a store in `folder`: the same one
 * for the same folder (a test's stores share its database), empty at first. PostgreSQL joins
 * when FUNNEL_TEST_PG names a server (a throwaway database per test folder).
 */
export interface TestEngine {
  readonly name: "sqlite" | "postgres";
  open(folder: (name: string) => string, env?: NodeJS.ProcessEnv): Promise<Store>;
}

const sqlite: TestEngine = {
  name: "sqlite",
  open: (folder, env = {}) => openStore(folder("funnel.db"), { env }),
};

/** The database of each test folder. */
const databases = new Map<string, Promise<string>>();

const postgres: TestEngine = {
  name: "postgres",
  open: async (folder, env = {}) => {
    const key = folder("funnel.db");
    let url = databases.get(key);
    if (url === undefined) {
      url = throwawayDatabase();
      databases.set(key, url);
    }
    return openStore(await url, { env: { ...process.env, ...env } });
  },
};

export const engines: readonly TestEngine[] =
  postgresBase === undefined ? [sqlite] : [sqlite, postgres];

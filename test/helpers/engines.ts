import { openStore, type Store } from "../../src/store/store.js";

/**
 * The engines the store-level tests run on, each opening a fresh, empty store in `folder`.
 * PostgreSQL joins this list when its engine exists (a throwaway database per call).
 */
export interface TestEngine {
  readonly name: string;
  open(folder: (name: string) => string, env?: NodeJS.ProcessEnv): Promise<Store>;
}

export const engines: readonly TestEngine[] = [
  {
    name: "sqlite",
    open: (folder, env = {}) => openStore(folder("funnel.db"), { env }),
  },
];

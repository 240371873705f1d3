import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { storedSections } from "../store/configuration.js";
import type { CommandContext } from "./context.js";
import { withStore } from "./with-store.js";

/**
 * `--config PATH`, else `funnel.config.json` next to the database: the file funnel read before
 * the configuration moved into the database, which a database takes in once.
 */
export function configPath(option: string | undefined, dbPath: string): string {
  return option ?? join(dirname(dbPath), "funnel.config.json");
}

/** The configuration a command uses, and where it comes from, for its messages. */
export interface Configuration {
  /** As a config file holds it: `{ "scoring": {...}, "pipeline": {...} }`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** `--config`'s file, or the database's configuration. */
  readonly source: string;
  /** Whether --config gave it. */
  readonly fromFile: boolean;
}

/**
 * `--config FILE` for this run, else the database's configuration (everyone's who shares it):
 * a scratch store's for a dry run that creates no database (see withStore).
 */
export async function loadConfiguration(
  option: string | undefined,
  context: CommandContext,
  needed: string,
  open: { scratch?: boolean } = {},
): Promise<Configuration> {
  if (option !== undefined)
    return {
      config: readConfig(option, needed) as Record<string, unknown>,
      source: option,
      fromFile: true,
    };
  return {
    config: await withStore(context, (store) => store.read(storedSections), open),
    source: "the database's configuration",
    fromFile: false,
  };
}

/** The parsed config file; a missing or malformed one is a clear error naming the file. */
export function readConfig(path: string, needed: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UserError(
        `no config file at ${path}, which ${needed} needs`,
        "create it (see docs/config.md), or pass --config FILE",
      );
    }
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${path} is not valid JSON: ${(error as Error).message}`, "fix the file");
  }
}

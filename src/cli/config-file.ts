import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";

/** `--config PATH`, else `funnel.config.json` next to the database. */
export function configPath(option: string | undefined, dbPath: string): string {
  return option ?? join(dirname(dbPath), "funnel.config.json");
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
        "create it (see the README), or pass --config FILE",
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

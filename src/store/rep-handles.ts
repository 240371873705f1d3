import { existsSync, statSync } from "node:fs";
import { driverPath } from "./sqlite/database.js";
import { Database } from "./sqlite/driver.js";
import { isPostgresTarget } from "./store.js";

/**
 * The rep handles in the SQLite file at `path`, for shell completion: read only, never
 * created nor migrated, waiting for no lock; none when there is no such file (or it is a
 * PostgreSQL target: completion opens no connection).
 */
export function repHandlesIn(path: string): string[] {
  if (isPostgresTarget(path) || !existsSync(path) || !statSync(path).isFile()) return [];
  const db = new Database(driverPath(path), { readonly: true, fileMustExist: true, timeout: 0 });
  try {
    const rows = db.prepare("SELECT handle FROM reps ORDER BY handle").all() as {
      handle: string;
    }[];
    return rows.map((row) => row.handle);
  } finally {
    db.close();
  }
}

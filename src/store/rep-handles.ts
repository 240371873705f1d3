import { peekSqliteRepHandles } from "./sqlite/sqlite-store.js";
import { isPostgresTarget } from "./store.js";

/**
 * The rep handles of the database `target` names, for shell completion: the SQLite file read
 * as it is (never created nor migrated, no lock waited for, nothing left beside it); none when
 * there is no such file, or for a PostgreSQL target (completion opens no connection).
 */
export function repHandlesIn(target: string): string[] {
  return isPostgresTarget(target) ? [] : peekSqliteRepHandles(target);
}

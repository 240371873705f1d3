import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { UserError } from "../../errors.js";

export type Db = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement;

/**
 * The SQLite driver, chosen by Node version: better-sqlite3 12 on Node 20, because 13 crashes
 * there; 13 (the optional dependency `better-sqlite3-13`, which npm installs only on Node 22 and
 * later) on Node 22 and later, because 12 built against Node 24's headers aborts the process
 * when garbage collection outside JavaScript finalises a statement (`Assertion failed: (env) !=
 * nullptr` in node::RemoveEnvironmentCleanupHook, from node::ObjectWrap's destructor). 13 is
 * built on Node-API and ships its prebuilt addon. Both have the same API.
 */
export const sqliteDriverName =
  Number(process.versions.node.split(".")[0]) >= 22 ? "better-sqlite3-13" : "better-sqlite3";

function loadDriver(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)(sqliteDriverName) as typeof BetterSqlite3;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new UserError(
      `funnel on Node ${process.versions.node} needs the SQLite driver ${sqliteDriverName}, which is not installed`,
      "run `npm install` again with this version of Node",
    );
  }
}

export const Database = loadDriver();

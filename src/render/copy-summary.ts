import type { CopyResult } from "../app/copy-database.js";
import { jsonDocument } from "./formats.js";
import { textTable } from "./table.js";
import { neutraliseControls } from "./terminal.js";

/** What `funnel db copy` copied: a line and a table per table for people, or JSON. */
export function renderCopyResult(result: CopyResult, json: boolean): string {
  const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
  if (json)
    return jsonDocument({
      from: result.from,
      to: result.to,
      rows,
      tables: result.tables.map(({ table, rows, digest }) => ({
        table,
        rows,
        sha256: digest,
        verified: true,
      })),
    });
  const where = (side: CopyResult["from"]) =>
    `${neutraliseControls(side.location)} (${side.engine === "postgres" ? "PostgreSQL" : "SQLite"})`;
  return `Copied ${where(result.from)} to ${where(result.to)}: ${rows} rows in ${result.tables.length} tables, each checked (rows and sha256 digest match)\n${textTable(
    [
      { key: "table", header: "table" },
      { key: "rows", header: "rows", align: "right" },
      { key: "sha256", header: "sha256" },
    ],
    result.tables.map(({ table, rows, digest }) => ({ table, rows, sha256: digest.slice(0, 16) })),
  )}`;
}

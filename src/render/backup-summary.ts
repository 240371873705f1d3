import type { BackupResult, RestorePlan, RestoreResult } from "../store/maintenance.js";
import { jsonDocument } from "./formats.js";
import { neutraliseControls } from "./terminal.js";

/** What `funnel backup` wrote: a line for people, or JSON. */
export function renderBackupResult(result: BackupResult, json: boolean): string {
  if (json)
    return jsonDocument({
      database: result.database,
      backup: result.backup,
      bytes: result.bytes,
      schema_version: result.schemaVersion,
      leads: result.leads,
      integrity_check: "ok",
      replaced: result.replaced,
    });
  return `Backed up ${shown(result.database)} to ${shown(result.backup)}${result.replaced ? " (replacing it)" : ""}: ${fileSize(result.bytes)}, schema version ${result.schemaVersion}, ${leads(result.leads)}; integrity check ok\n`;
}

/** What `funnel restore` did: lines for people, or JSON. */
export function renderRestoreResult(result: RestoreResult, json: boolean): string {
  if (json)
    return jsonDocument({
      database: result.database,
      restored_from: result.source,
      schema_version: result.schemaVersion,
      backup_schema_version: result.sourceSchemaVersion,
      leads: result.leads,
      replaced_database_kept_as: result.keptCopy ?? null,
    });
  const upgraded =
    result.sourceSchemaVersion < result.schemaVersion
      ? ` (upgraded from the backup's ${result.sourceSchemaVersion})`
      : "";
  const kept =
    result.keptCopy === undefined
      ? ""
      : `The database it replaced is kept as ${shown(result.keptCopy)}\n`;
  return `Restored ${shown(result.database)} from ${shown(result.source)}: schema version ${result.schemaVersion}${upgraded}, ${leads(result.leads)}; integrity check ok\n${kept}`;
}

/** The question `funnel restore` asks before replacing anything. */
export function restoreQuestion(plan: RestorePlan): string {
  const current = !plan.databaseExists
    ? `Create ${shown(plan.database)}`
    : `Replace ${shown(plan.database)}${plan.currentLeads === undefined ? "" : ` (${leads(plan.currentLeads)})`}`;
  const kept = plan.databaseExists ? "; a copy of it as it is now is kept next to it" : "";
  return `${current} with ${shown(plan.source)} (schema version ${plan.sourceSchemaVersion}, ${leads(plan.leads)})${kept}?`;
}

function leads(count: number): string {
  return `${count} lead${count === 1 ? "" : "s"}`;
}

/** A path as typed, with control characters shown rather than sent to the terminal. */
function shown(path: string): string {
  return neutraliseControls(path);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

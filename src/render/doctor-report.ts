import type { DoctorReport, LeftoverOutcome } from "../store/maintenance.js";
import { fileSize } from "./backup-summary.js";
import {
  type Column,
  jsonDocument,
  type OutputFormat,
  renderRows,
  type Screen,
} from "./formats.js";
import { textTable } from "./table.js";

interface DoctorRow extends Record<string, string> {
  check: string;
  status: string;
  detail: string;
}

const columns: Column<DoctorRow>[] = [
  { key: "check", header: "check" },
  { key: "status", header: "status" },
  { key: "detail", header: "detail" },
];

/** One row per check, then one per leftover found; JSON keeps the leftovers' own fields. */
export function renderDoctorReport(
  report: DoctorReport,
  format: OutputFormat,
  screen?: Screen,
): string {
  if (format === "json")
    return jsonDocument({
      database: report.database,
      healthy: report.checks.every((check) => check.status !== "problem"),
      checks: report.checks,
      leftovers: report.leftovers.map((leftover) => ({
        path: leftover.path,
        what: leftover.what,
        pid: leftover.pid ?? null,
        bytes: leftover.bytes,
        action: action(leftover, report.dryRun),
        final_path: leftover.finalPath ?? null,
      })),
    });
  const rows: DoctorRow[] = [
    ...report.checks.map(({ check, status, detail }) => ({ check, status, detail })),
    ...report.leftovers.map((leftover) => ({
      check: "leftover",
      status: action(leftover, report.dryRun),
      detail: `${leftover.path}${leftover.finalPath === undefined ? "" : ` -> ${leftover.finalPath}`}: ${leftover.what}, ${fileSize(leftover.bytes)}`,
    })),
  ];
  return renderRows(columns, rows, format, textTable, screen);
}

/** What was (or, on a dry run, would be) done with a leftover. */
function action(leftover: LeftoverOutcome, dryRun: boolean): string {
  if (leftover.fate === "keep") return "kept";
  const verb = leftover.fate === "remove" ? "removed" : "named";
  if (leftover.done) return verb;
  return dryRun ? `would be ${verb}` : "kept";
}

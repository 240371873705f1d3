import { addRep, changeRep, type RepChanges, setRepActive } from "../../app/reps.js";
import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { writePlain } from "../../render/terminal.js";

export function runRepAdd(handle: string, options: RepChanges, context: CommandContext): void {
  const rep = withDatabase(context, (db) => addRep(db, handle, options, new Date()));
  writePlain(
    context.stdout,
    `Added rep ${rep.handle} (${rep.name}, ${rep.role}${rep.team === null ? "" : `, team ${rep.team}`})${rep.reports.length === 0 ? "" : `, manager of ${rep.reports.length} rep(s) who named them: ${rep.reports.join(", ")}`}\n`,
  );
}

export function runRepUpdate(handle: string, options: RepChanges, context: CommandContext): void {
  const rep = withDatabase(context, (db) => changeRep(db, handle, options));
  writePlain(context.stdout, `Updated rep ${rep.handle}\n`);
}

export function runRepSetActive(handle: string, active: boolean, context: CommandContext): void {
  const { rep, changed } = withDatabase(context, (db) => setRepActive(db, handle, active));
  const state = active ? "active" : "inactive (gets no new leads)";
  writePlain(
    context.stdout,
    changed ? `Rep ${rep.handle} is now ${state}\n` : `Rep ${rep.handle} was already ${state}\n`,
  );
}

import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { addRep, changeRep, type RepChanges, setRepActive } from "../../reps/manage-reps.js";

export function runRepAdd(handle: string, options: RepChanges, context: CommandContext): void {
  const rep = withDatabase(context, (db) => addRep(db, handle, options, new Date()));
  context.stdout.write(
    `Added rep ${rep.handle} (${rep.name}, ${rep.role}${rep.team === null ? "" : `, team ${rep.team}`})\n`,
  );
}

export function runRepUpdate(handle: string, options: RepChanges, context: CommandContext): void {
  const rep = withDatabase(context, (db) => changeRep(db, handle, options));
  context.stdout.write(`Updated rep ${rep.handle}\n`);
}

export function runRepSetActive(handle: string, active: boolean, context: CommandContext): void {
  const { rep, changed } = withDatabase(context, (db) => setRepActive(db, handle, active));
  const state = active ? "active" : "inactive (gets no new leads)";
  context.stdout.write(
    changed ? `Rep ${rep.handle} is now ${state}\n` : `Rep ${rep.handle} was already ${state}\n`,
  );
}

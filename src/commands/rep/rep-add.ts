import { addRep, changeRep, type RepChanges, setRepActive } from "../../app/reps.js";
import type { CommandContext } from "../../cli/context.js";
import { withStore } from "../../cli/with-store.js";
import { writePlain } from "../../render/terminal.js";

export async function runRepAdd(
  handle: string,
  options: RepChanges,
  context: CommandContext,
): Promise<void> {
  const rep = await withStore(context, (store) => addRep(store, handle, options, new Date()));
  writePlain(
    context.stdout,
    `Added rep ${rep.handle} (${rep.name}, ${rep.role}${rep.team === null ? "" : `, team ${rep.team}`})${rep.reports.length === 0 ? "" : `, manager of ${rep.reports.length} rep(s) who named them: ${rep.reports.join(", ")}`}\n`,
  );
}

export async function runRepUpdate(
  handle: string,
  options: RepChanges,
  context: CommandContext,
): Promise<void> {
  const rep = await withStore(context, (store) => changeRep(store, handle, options));
  writePlain(context.stdout, `Updated rep ${rep.handle}\n`);
}

export async function runRepSetActive(
  handle: string,
  active: boolean,
  context: CommandContext,
): Promise<void> {
  const { rep, changed } = await withStore(context, (store) => setRepActive(store, handle, active));
  const state = active ? "active" : "inactive (gets no new leads)";
  writePlain(
    context.stdout,
    changed ? `Rep ${rep.handle} is now ${state}\n` : `Rep ${rep.handle} was already ${state}\n`,
  );
}

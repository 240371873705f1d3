import { acceptLead, rejectLead, touchLead } from "../../app/decisions.js";
import type { CommandContext } from "../../cli/context.js";
import { atOption } from "../../cli/period-options.js";
import { withDatabase } from "../../cli/with-database.js";
import { writePlain } from "../../render/terminal.js";
import type { Touch } from "../../store/touches-store.js";

export function runAccept(
  reference: string,
  options: { by?: string; at?: string },
  context: CommandContext,
): void {
  const at = atOption(options.at);
  const result = withDatabase(context, (db) => acceptLead(db, reference, { by: options.by, at }));
  writePlain(
    context.stdout,
    `Lead ${result.lead.id} accepted by ${result.rep}: ${result.from} -> ${result.to}\n`,
  );
}

export function runReject(
  reference: string,
  options: { by?: string; reason: string; at?: string },
  context: CommandContext,
): void {
  const at = atOption(options.at);
  const result = withDatabase(context, (db) =>
    rejectLead(db, reference, { by: options.by, reason: options.reason, at }),
  );
  writePlain(
    context.stdout,
    `Lead ${result.lead.id} rejected by ${result.rep}: ${result.from} -> ${result.to}, back to marketing ("${options.reason.trim()}")\n`,
  );
}

export function runTouch(
  reference: string,
  options: { kind: Touch["kind"]; by?: string; at?: string; note?: string },
  context: CommandContext,
): void {
  const at = atOption(options.at);
  const result = withDatabase(context, (db) =>
    touchLead(db, reference, { kind: options.kind, by: options.by, at, note: options.note }),
  );
  writePlain(
    context.stdout,
    `Logged a ${options.kind} on lead ${result.lead.id} by ${result.rep} at ${result.at}\n`,
  );
}

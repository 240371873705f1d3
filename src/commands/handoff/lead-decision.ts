import { acceptLead, rejectLead, touchLead } from "../../app/decisions.js";
import type { CommandContext } from "../../cli/context.js";
import { atOption } from "../../cli/period-options.js";
import { withStore } from "../../cli/with-store.js";
import { writePlain } from "../../render/terminal.js";
import type { Touch } from "../../store/touches.js";

export async function runAccept(
  reference: string,
  options: { by?: string; at?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const result = await withStore(context, (store) =>
    acceptLead(store, reference, { by: options.by, at }),
  );
  writePlain(
    context.stdout,
    `Lead ${result.lead.id} accepted by ${result.rep}: ${result.from} -> ${result.to}\n`,
  );
}

export async function runReject(
  reference: string,
  options: { by?: string; reason: string; at?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const result = await withStore(context, (store) =>
    rejectLead(store, reference, { by: options.by, reason: options.reason, at }),
  );
  writePlain(
    context.stdout,
    `Lead ${result.lead.id} rejected by ${result.rep}: ${result.from} -> ${result.to}, back to marketing ("${options.reason.trim()}")\n`,
  );
}

export async function runTouch(
  reference: string,
  options: { kind: Touch["kind"]; by?: string; at?: string; note?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const result = await withStore(context, (store) =>
    touchLead(store, reference, { kind: options.kind, by: options.by, at, note: options.note }),
  );
  writePlain(
    context.stdout,
    `Logged a ${options.kind} on lead ${result.lead.id} by ${result.rep} at ${result.at}\n`,
  );
}

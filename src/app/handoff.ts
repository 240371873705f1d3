import {
  type Assignment,
  assignLeads,
  type Candidate,
  emptyRotation,
  type RotationState,
  type Strategy,
} from "../domain/assignment.js";
import { salesRoles } from "../domain/reps.js";
import { UserError } from "../errors.js";
import { insertHandoff } from "../store/handoffs.js";
import { type StoredLead, setLeadStageAndOwner, unassignedMqls } from "../store/leads.js";
import { listReps, openLeadCounts } from "../store/reps.js";
import { getSetting, setSetting } from "../store/settings.js";
import type { ReadTx, Store } from "../store/store.js";
import { requireAllowed, requireLead } from "./decisions.js";
import { requireRep } from "./reps.js";

export interface HandoffOptions {
  readonly strategy: Strategy;
  /** Hand these leads (ids, emails, external ids) to `to`, instead of every unassigned MQL. */
  readonly leads?: readonly string[];
  readonly to?: string | undefined;
  readonly limit?: number | undefined;
  readonly dryRun: boolean;
  readonly at: Date;
  readonly actor: string;
}

export interface PlannedHandoff extends Assignment {
  readonly lead: StoredLead;
}

export interface HandoffResult {
  readonly strategy: Strategy | "manual";
  readonly dryRun: boolean;
  readonly planned: readonly PlannedHandoff[];
  readonly assigned: number;
  readonly unassigned: number;
}

const rotationKey = (strategy: Strategy) => `handoff.${strategy}.rotation`;

async function loadRotation(tx: ReadTx, strategy: Strategy): Promise<RotationState> {
  const text = await getSetting(tx, rotationKey(strategy));
  return text === undefined ? emptyRotation : (JSON.parse(text) as RotationState);
}

/**
 * Hands MQLs to sales reps and starts their SLA clock: every unassigned MQL by a strategy, or
 * named leads to one rep (`to`). The rotation is stored, so round-robin and weighted stay fair
 * across runs. A dry run plans the same and writes nothing.
 */
export async function handoffLeads(store: Store, options: HandoffOptions): Promise<HandoffResult> {
  const manual = options.to !== undefined || (options.leads ?? []).length > 0;
  const strategy = manual ? "manual" : options.strategy;
  return store.write(async (tx): Promise<HandoffResult> => {
    const open = await openLeadCounts(tx);
    let planned: PlannedHandoff[];
    let rotation: RotationState | undefined;
    if (manual) {
      planned = await planManual(tx, options, open);
    } else {
      const candidates: Candidate[] = (await listReps(tx, { activeOnly: true }))
        .filter((rep) => salesRoles.includes(rep.role))
        .map((rep) => ({
          handle: rep.handle,
          weight: rep.weight,
          capacity: rep.capacity,
          openLeads: open.get(rep.handle) ?? 0,
          territory: rep.territory,
        }));
      if (candidates.length === 0) {
        throw new UserError(
          "no active sales rep to hand leads to",
          "add one with: funnel rep add <handle> --role ae",
        );
      }
      const leads = await unassignedMqls(tx, options.limit);
      const result = assignLeads(
        leads.map((lead) => ({ id: lead.id, country: lead.country })),
        candidates,
        options.strategy,
        await loadRotation(tx, options.strategy),
      );
      rotation = result.state;
      planned = result.assignments.map((assignment, index) => ({
        ...assignment,
        lead: leads[index] as StoredLead,
      }));
    }
    const assigned = planned.filter((entry) => entry.handle !== null);
    if (!options.dryRun) {
      const at = options.at.toISOString();
      for (const entry of assigned) {
        const rep = await requireRep(tx, entry.handle as string);
        await insertHandoff(tx, {
          leadId: entry.lead.id,
          repId: rep.id,
          at,
          strategy,
          explanation: entry.why,
          actor: options.actor,
        });
        await setLeadStageAndOwner(tx, entry.lead.id, entry.lead.stage, rep.handle, at);
      }
      if (rotation !== undefined)
        await setSetting(tx, rotationKey(options.strategy), JSON.stringify(rotation));
    }
    return {
      strategy,
      dryRun: options.dryRun,
      planned,
      assigned: assigned.length,
      unassigned: planned.length - assigned.length,
    };
  });
}

async function planManual(
  tx: ReadTx,
  options: HandoffOptions,
  open: Map<string, number>,
): Promise<PlannedHandoff[]> {
  if (options.to === undefined)
    throw new UserError("naming leads needs a rep to hand them to", "add --to <rep handle>");
  const rep = await requireRep(tx, options.to);
  if (!rep.active)
    throw new UserError(
      `rep ${rep.handle} is inactive`,
      `activate them first: funnel rep activate ${rep.handle}`,
    );
  const references = options.leads ?? [];
  if (references.length === 0)
    throw new UserError(
      "--to needs the leads to hand over",
      "e.g. funnel handoff 12 ann@x.example --to ana-souza",
    );
  let load = open.get(rep.handle) ?? 0;
  const planned: PlannedHandoff[] = [];
  for (const reference of references) {
    const lead = await requireLead(tx, reference);
    await requireAllowed(tx, "handoff", lead);
    if (lead.owner !== rep.handle) load++;
    if (rep.capacity !== null && load > rep.capacity) {
      throw new UserError(
        `rep ${rep.handle} is at capacity (${rep.capacity} open leads)`,
        `raise it with: funnel rep update ${rep.handle} --capacity N, or hand the lead to someone else`,
      );
    }
    planned.push({
      leadId: lead.id,
      handle: rep.handle,
      why: `chosen by hand (--to ${rep.handle})`,
      lead,
    });
  }
  return planned;
}

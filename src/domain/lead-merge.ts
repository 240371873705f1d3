import { type Attributes, attributesOf } from "./attributes.js";
import { type LeadField, leadFields } from "./lead-fields.js";
import type { IncomingLead } from "./lead-record.js";
import { importMovesStage, type Stage } from "./stages.js";

/** The lead columns an import may change, as stored. */
export interface LeadValues {
  external_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  source: string | null;
  campaign: string | null;
  created_at: string;
  owner: string | null;
  stage: Stage;
  score: number | null;
  attributes: Attributes;
}

/** Every field a non-empty cell overwrites; the stage and the created date have their own rules. */
const overwritableFields = leadFields.filter(
  (field): field is Exclude<LeadField, "stage" | "created_at"> =>
    field !== "stage" && field !== "created_at",
);

export interface LeadMerge {
  /** The lead after the merge; equal to `current` when nothing changed. */
  readonly next: LeadValues;
  readonly changed: boolean;
  /** Set when the stage moves (forward only). */
  readonly stageChange: { from: Stage; to: Stage; reason: string | null } | null;
}

/**
 * What an `--on-duplicate update` import does to a lead it already has: non-empty cells
 * overwrite, blank cells never clear a field, attributes merge by name, the created date only
 * moves earlier (the earliest known wins: a lead is not created twice), and the stage only
 * moves when `importMovesStage` allows it.
 */
export function mergeIncoming(current: LeadValues, incoming: IncomingLead): LeadMerge {
  const next: LeadValues = { ...current, attributes: attributesOf(current.attributes) };
  let changed = false;
  for (const field of overwritableFields) {
    const value = incoming[field];
    if (value !== null && value !== current[field]) {
      (next as unknown as Record<string, unknown>)[field] = value;
      changed = true;
    }
  }
  if (incoming.created_at !== null && incoming.created_at < current.created_at) {
    next.created_at = incoming.created_at;
    changed = true;
  }
  for (const [key, value] of Object.entries(incoming.attributes)) {
    if (next.attributes[key] !== value) {
      next.attributes[key] = value;
      changed = true;
    }
  }
  let stageChange: LeadMerge["stageChange"] = null;
  if (incoming.stage !== null && importMovesStage(current.stage, incoming.stage)) {
    next.stage = incoming.stage;
    stageChange = { from: current.stage, to: incoming.stage, reason: incoming.stage_label };
    changed = true;
  }
  return { next, changed, stageChange };
}

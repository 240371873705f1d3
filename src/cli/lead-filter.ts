import type { FiscalCalendar } from "../domain/periods.js";
import type { Stage } from "../domain/stages.js";
import type { LeadFilter } from "../store/leads.js";
import { periodOption } from "./period-options.js";

export interface LeadFilterOptions {
  stage?: Stage;
  source?: string;
  owner?: string;
  created?: string;
}

/** The `--stage/--source/--owner/--created` options as a store filter. */
export function leadFilterFrom(
  options: LeadFilterOptions,
  now: Date,
  fiscal?: FiscalCalendar,
): LeadFilter {
  let createdFrom: string | undefined;
  let createdTo: string | undefined;
  if (options.created !== undefined) {
    const period = periodOption("--created", options.created, now, fiscal);
    createdFrom = period.from.toISOString();
    createdTo = period.to.toISOString();
  }
  return {
    stage: options.stage,
    source: options.source,
    owner: options.owner,
    createdFrom,
    createdTo,
  };
}

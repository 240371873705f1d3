import { type FiscalCalendar, parsePeriod, periodExamples } from "../domain/periods.js";
import type { Stage } from "../domain/stages.js";
import { UsageError } from "../errors.js";
import type { LeadFilter } from "../store/leads-store.js";

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
    const period = parsePeriod(options.created, now, fiscal);
    if (period === undefined) {
      throw new UsageError(
        `--created "${options.created}" is not a period; use one of ${periodExamples}`,
      );
    }
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

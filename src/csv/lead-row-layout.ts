import { attributesOf } from "../domain/attributes.js";
import { leadFields } from "../domain/lead-fields.js";
import type { IncomingLead } from "../domain/lead-record.js";
import type { Stage } from "../domain/stages.js";

/**
 * How parsed leads travel from the reader to the database: one flat array per batch, a row
 * every `leadRowWidth` values, already in the column order of the leads INSERT, so crossing
 * the thread boundary and binding stay cheap. What the INSERT does not need (whether a cell
 * was blank, the file's own stage wording) travels beside it in `extras`.
 */
export const leadRowColumns = [
  "id",
  ...leadFields,
  "attributes",
  "batch_id",
  "updated_at",
] as const;
export const leadRowWidth = leadRowColumns.length;
export const extrasWidth = 2;
export type RowValue = string | number | null;

/** Column offsets in a row. */
export const column = {
  createdAt: leadRowColumns.indexOf("created_at"),
  stage: leadRowColumns.indexOf("stage"),
} as const;

/** Flags in a row's extras: which cells were blank. */
export const createdAtBlank = 1;
const stageBlank = 2;

export interface RowContext {
  readonly batchId: number;
  /** Stands in for a blank created date on insert. */
  readonly importedAt: string;
}

/** Appends a lead as an insertable row; the id is null, for SQLite to assign. */
export function pushLeadRow(
  rows: RowValue[],
  extras: RowValue[],
  lead: IncomingLead,
  context: RowContext,
): void {
  let attributes = "{}";
  for (const _ in lead.attributes) {
    attributes = JSON.stringify(lead.attributes);
    break;
  }
  rows.push(
    null,
    lead.external_id,
    lead.email,
    lead.first_name,
    lead.last_name,
    lead.name,
    lead.company,
    lead.title,
    lead.phone,
    lead.country,
    lead.source,
    lead.campaign,
    lead.created_at ?? context.importedAt,
    lead.owner,
    lead.stage ?? "lead",
    lead.score,
    attributes,
    context.batchId,
    context.importedAt,
  );
  extras.push(
    lead.stage_label,
    (lead.created_at === null ? createdAtBlank : 0) | (lead.stage === null ? stageBlank : 0),
  );
}

/** The lead of row `index`, with blank cells as null again (for merging into a stored lead). */
export function incomingLeadAt(
  rows: readonly RowValue[],
  extras: readonly RowValue[],
  index: number,
): IncomingLead {
  const at = index * leadRowWidth;
  const text = (offset: number) => rows[at + offset] as string | null;
  const flags = extras[index * extrasWidth + 1] as number;
  return {
    external_id: text(1),
    email: text(2),
    first_name: text(3),
    last_name: text(4),
    name: text(5),
    company: text(6),
    title: text(7),
    phone: text(8),
    country: text(9),
    source: text(10),
    campaign: text(11),
    created_at: flags & createdAtBlank ? null : text(12),
    owner: text(13),
    stage: flags & stageBlank ? null : (text(14) as Stage),
    score: rows[at + 15] as number | null,
    attributes: attributesOf(JSON.parse(text(16) ?? "{}")),
    stage_label: extras[index * extrasWidth] as string | null,
  };
}

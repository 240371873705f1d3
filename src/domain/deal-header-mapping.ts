import { headerKey, MappingError } from "./header-mapping.js";
import type { DealKind } from "./quota-metrics.js";

/** Deal fields, as `--map "Header=field"` and JSON name them (GUIDE §2). */
export const dealFields = [
  "external_id",
  "name",
  "account",
  "amount",
  "currency",
  "stage",
  "owner",
  "lead",
  "opened_at",
  "expected_close",
  "closed_at",
  "kind",
  "lost_reason",
] as const;
export type DealField = (typeof dealFields)[number];

/**
 * What a column can fill: a deal field, or `close_date`, which exports use for both dates
 * (Salesforce's Close Date is the expected close of an open deal and the close of a closed one).
 */
export const dealColumns = [...dealFields, "close_date"] as const;
export type DealColumn = (typeof dealColumns)[number];

/** Headers that real CRM exports use (Salesforce, HubSpot, Pipedrive, the Kaggle CRM set), by column. */
export const dealHeaderSynonyms: Record<DealColumn, readonly string[]> = {
  external_id: [
    "id",
    "externalid",
    "opportunityid",
    "opportunity",
    "oppid",
    "dealid",
    "recordid",
    "crmid",
    "salesforceid",
    "hubspotid",
  ],
  name: ["name", "dealname", "opportunityname", "dealtitle", "title"],
  account: ["account", "accountname", "company", "companyname", "organization", "organisation"],
  amount: [
    "amount",
    "closevalue",
    "value",
    "dealvalue",
    "dealamount",
    "opportunityamount",
    "totalamount",
  ],
  currency: ["currency", "currencycode", "dealcurrency", "amountcurrency", "opportunitycurrency"],
  stage: ["stage", "dealstage", "stagename", "opportunitystage", "pipelinestage"],
  owner: [
    "owner",
    "salesagent",
    "dealowner",
    "opportunityowner",
    "ownername",
    "rep",
    "salesrep",
    "accountexecutive",
    "assignedto",
  ],
  lead: ["lead", "leademail", "contactemail", "email", "leadid", "leadexternalid", "contactid"],
  opened_at: [
    "createddate",
    "engagedate",
    "opendate",
    "createdat",
    "openedat",
    "created",
    "createdon",
    "dateopened",
  ],
  expected_close: [
    "expectedclose",
    "expectedclosedate",
    "expectedclosingdate",
    "forecastclosedate",
  ],
  close_date: ["closedate", "closingdate"],
  closed_at: [
    "closedat",
    "closeddate",
    "dateclosed",
    "closedon",
    "wondate",
    "lostdate",
    "actualclosedate",
  ],
  kind: ["kind", "type", "dealtype", "opportunitytype", "businesstype"],
  // Not plain "reason": a rejects file has a reason column, and fixed rejects get imported again.
  lost_reason: ["lostreason", "closedlostreason", "closelostreason", "lossreason"],
};

/** One `--map` pair: the header as the user wrote it, and the column it should fill. */
export interface ColumnOverride<F extends string> {
  readonly header: string;
  readonly field: F | "attribute";
}

/**
 * `--map "Their Header=field,..."` (repeatable) for a file of `fields`. Like the lead import's
 * `parseMapOption`, with another field list.
 */
export function parseColumnMapOption<F extends string>(
  values: readonly string[],
  fields: readonly F[],
): Map<string, ColumnOverride<F>> {
  const overrides = new Map<string, ColumnOverride<F>>();
  for (const value of values) {
    for (const pair of value.split(",")) {
      if (pair.trim() === "") continue;
      const at = pair.lastIndexOf("=");
      const header = at < 0 ? "" : pair.slice(0, at).trim();
      const field =
        at < 0
          ? ""
          : pair
              .slice(at + 1)
              .trim()
              .toLowerCase();
      if (header === "" || field === "") {
        throw new MappingError(
          `--map "${pair.trim()}" is not Header=field`,
          `write it as --map "Their Header=${fields[0] ?? "field"}"`,
        );
      }
      if (!(fields as readonly string[]).includes(field) && field !== "attribute") {
        throw new MappingError(
          `--map "${pair.trim()}": unknown field "${field}"`,
          `use one of ${fields.join(", ")}, or attribute`,
        );
      }
      overrides.set(headerKey(header), { header, field: field as F | "attribute" });
    }
  }
  return overrides;
}

export interface MappedColumn<F extends string> {
  readonly index: number;
  readonly header: string;
  /** The field it fills, or undefined when it is kept as an attribute named `attribute`. */
  readonly field: F | undefined;
  readonly attribute: string;
}

export interface ColumnMapping<F extends string> {
  readonly columns: readonly MappedColumn<F>[];
  readonly fieldIndex: Partial<Record<F, number>>;
  readonly warnings: readonly string[];
}

/**
 * Decides which column fills which field: `--map` overrides first, then the synonyms; a
 * second column for a field already taken is kept as an attribute, with a warning.
 */
export function mapColumns<F extends string>(
  headers: readonly string[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  overrides: ReadonlyMap<string, ColumnOverride<F>> = new Map(),
): ColumnMapping<F> {
  const keys = headers.map(headerKey);
  for (const [key, override] of overrides) {
    if (!keys.includes(key)) {
      throw new MappingError(
        `--map names a column the file does not have ("${override.header}")`,
        `the file's columns are: ${headers.join(", ")}`,
      );
    }
  }
  const byKey = new Map<string, F>();
  for (const [field, names] of Object.entries(synonyms) as [F, readonly string[]][]) {
    for (const name of names) if (!byKey.has(name)) byKey.set(name, field);
  }
  const explicit = keys.map((key) => overrides.get(key)?.field);
  const fieldIndex: Partial<Record<F, number>> = {};
  // Explicit mappings first, so an automatic match never takes a field the user assigned.
  explicit.forEach((field, index) => {
    if (field !== undefined && field !== "attribute" && fieldIndex[field] === undefined)
      fieldIndex[field] = index;
  });
  const warnings: string[] = [];
  const attributeNames = new Set<string>();
  const columns = headers.map((raw, index): MappedColumn<F> => {
    const header = raw.trim();
    const wanted = explicit[index] ?? byKey.get(keys[index] ?? "");
    let field: F | undefined;
    if (wanted !== undefined && wanted !== "attribute") {
      if (fieldIndex[wanted] === undefined) fieldIndex[wanted] = index;
      if (fieldIndex[wanted] === index) field = wanted;
      else {
        const taken = headers[fieldIndex[wanted] ?? 0]?.trim();
        warnings.push(
          `column "${header}" also looks like ${wanted}; "${taken}" is used, it is kept as an attribute`,
        );
      }
    }
    return {
      index,
      header,
      field,
      attribute: uniqueName(header || `column ${index + 1}`, attributeNames),
    };
  });
  return { columns, fieldIndex, warnings };
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} (${n})`;
  taken.add(candidate);
  return candidate;
}

/** A deal file's columns, by their headers and `--map`. */
export function mapDealColumns(
  headers: readonly string[],
  map: readonly string[] = [],
): ColumnMapping<DealColumn> {
  return mapColumns(headers, dealHeaderSynonyms, parseColumnMapOption(map, dealColumns));
}

const kindSynonyms = new Map<string, DealKind>(
  Object.entries({
    new: "new",
    newbusiness: "new",
    newcustomer: "new",
    newlogo: "new",
    newdeal: "new",
    renewal: "renewal",
    renew: "renewal",
    renewals: "renewal",
    existingcustomerreplacement: "renewal",
    existingcustomerdowngrade: "renewal",
    existingbusinessrenewal: "renewal",
    expansion: "expansion",
    upsell: "expansion",
    upgrade: "expansion",
    crosssell: "expansion",
    addon: "expansion",
    existingbusiness: "expansion",
    existingcustomerupgrade: "expansion",
    existingbusinessupgrade: "expansion",
    existingcustomerexpansion: "expansion",
  }) as [string, DealKind][],
);

/** The kind a CRM's deal type means (`New Business`, `Existing Business - Upgrade`), or undefined. */
export function parseDealKind(text: string): DealKind | undefined {
  return kindSynonyms.get(text.toLowerCase().replace(/[^a-z]/g, ""));
}

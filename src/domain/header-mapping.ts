import { isLeadField, type LeadField, leadFields } from "./lead-fields.js";

/**
 * Letters and digits only (any script), lower-cased: `E-mail Address` and `email_address`
 * meet here, and `メール` stays itself.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Headers that real CRM exports and spreadsheets use, by field. */
const headerSynonyms: Record<LeadField, readonly string[]> = {
  external_id: [
    "id",
    "leadid",
    "recordid",
    "externalid",
    "mqlid",
    "contactid",
    "crmid",
    "salesforceid",
    "sfdcid",
    "hubspotid",
    "prospectid",
  ],
  email: ["email", "emailaddress", "mail", "workemail", "businessemail", "primaryemail"],
  first_name: ["firstname", "first", "givenname", "forename"],
  last_name: ["lastname", "last", "surname", "familyname"],
  name: ["name", "fullname", "leadname", "contactname", "contact"],
  company: [
    "company",
    "companyname",
    "account",
    "accountname",
    "organization",
    "organisation",
    "organizationname",
    "org",
    "business",
  ],
  title: ["title", "jobtitle", "position", "designation"],
  phone: [
    "phone",
    "phonenumber",
    "mobile",
    "mobilephone",
    "mobilenumber",
    "cell",
    "cellphone",
    "telephone",
    "tel",
    "workphone",
  ],
  country: ["country", "region", "countryregion", "countrycode", "geo"],
  source: [
    "source",
    "leadsource",
    "origin",
    "channel",
    "utmsource",
    "originalsource",
    "leadorigin",
  ],
  campaign: ["campaign", "campaignname", "utmcampaign"],
  created_at: [
    "createddate",
    "createdate",
    "datecreated",
    "createdtime",
    "createdat",
    "created",
    "createdon",
    "creationdate",
  ],
  owner: ["owner", "leadowner", "ownername", "contactowner", "assignedto", "salesrep"],
  stage: ["stage", "leadstatus", "status", "lifecyclestage", "lifecycle", "leadstage"],
  score: ["score", "leadscore"],
};

const fieldByHeaderKey = new Map<string, LeadField>(
  leadFields.flatMap((field) => headerSynonyms[field].map((key) => [key, field] as const)),
);

/** `--map` as given: `"Their Header=field,Other=field"`, possibly several times. */
export function parseMapOption(values: readonly string[]): Map<string, MapOverride> {
  const overrides = new Map<string, MapOverride>();
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
          'write it as --map "Lead Mail=email"',
        );
      }
      if (!isLeadField(field) && field !== "attribute") {
        throw new MappingError(
          `--map "${pair.trim()}": unknown field "${field}"`,
          `use one of ${leadFields.join(", ")}, or attribute`,
        );
      }
      overrides.set(headerKey(header), { header, field });
    }
  }
  return overrides;
}

/** One `--map` pair: the header as the user wrote it, and what it should fill. */
export interface MapOverride {
  readonly header: string;
  readonly field: LeadField | "attribute";
}

export class MappingError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "MappingError";
    this.hint = hint;
  }
}

export interface ColumnMapping {
  readonly index: number;
  readonly header: string;
  /** The lead field it fills, or undefined when it is kept as an attribute named `attribute`. */
  readonly field: LeadField | undefined;
  readonly attribute: string;
}

export interface HeaderMapping {
  readonly columns: readonly ColumnMapping[];
  readonly fieldIndex: Partial<Record<LeadField, number>>;
  readonly warnings: readonly string[];
}

/**
 * Decides which column fills which field. `--map` overrides win over the built-in synonyms;
 * a second column for a field already taken is kept as an attribute, with a warning.
 */
export function mapHeaders(
  headers: readonly string[],
  overrides: ReadonlyMap<string, MapOverride> = new Map(),
): HeaderMapping {
  const keys = headers.map(headerKey);
  for (const [overrideKey, override] of overrides) {
    if (!keys.includes(overrideKey)) {
      throw new MappingError(
        `--map names a column the file does not have ("${override.header}")`,
        `the file's columns are: ${headers.join(", ")}`,
      );
    }
  }
  const fieldIndex: Partial<Record<LeadField, number>> = {};
  const warnings: string[] = [];
  const attributeNames = new Set<string>();
  const explicit = headers.map((_, index) => overrides.get(keys[index] ?? "")?.field);
  // Explicit mappings first, so an automatic match never takes a field the user assigned.
  explicit.forEach((field, index) => {
    if (field !== undefined && field !== "attribute" && fieldIndex[field] === undefined) {
      fieldIndex[field] = index;
    }
  });
  const columns = headers.map((rawHeader, index): ColumnMapping => {
    const header = rawHeader.trim();
    const wanted = explicit[index] ?? fieldByHeaderKey.get(keys[index] ?? "");
    let field: LeadField | undefined;
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

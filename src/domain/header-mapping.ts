import {
  type ColumnMapping,
  type ColumnOverride,
  mapColumns,
  parseColumnMapOption,
} from "./column-mapping.js";
import { type LeadField, leadFields } from "./lead-fields.js";

export { headerKey, MappingError } from "./column-mapping.js";

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

/** `--map` as given for a leads file: `"Their Header=field,Other=field"`, possibly several times. */
export function parseMapOption(values: readonly string[]): Map<string, MapOverride> {
  return parseColumnMapOption(values, leadFields, "Lead Mail=email");
}

/** One `--map` pair: the header as the user wrote it, and what it should fill. */
export type MapOverride = ColumnOverride<LeadField>;

export type HeaderMapping = ColumnMapping<LeadField>;

/**
 * Decides which column of a leads file fills which field. `--map` overrides win over the
 * built-in synonyms; a second column for a field already taken is kept as an attribute.
 */
export function mapHeaders(
  headers: readonly string[],
  overrides: ReadonlyMap<string, MapOverride> = new Map(),
): HeaderMapping {
  return mapColumns(headers, headerSynonyms, overrides);
}

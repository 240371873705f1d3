import {
  type ColumnMapping,
  type ColumnOverride,
  mapColumns,
  type ObjectColumns,
  parseColumnMapOption,
} from "./column-mapping.js";
import { type LeadField, leadFields } from "./lead-fields.js";

export { headerKey, MappingError } from "./column-mapping.js";

/**
 * Headers that real CRM exports and spreadsheets use, by field; where a file may hold several
 * for one field, the first listed wins. The vendors' documented export columns:
 * - Salesforce Lead (Object Reference, Leads report): Lead ID, First Name, Last Name, Email,
 *   Company, Title, Phone, Lead Source, Lead Status, Lead Owner, Created Date.
 * - HubSpot contacts ("HubSpot's default contact properties"): Record ID, First Name, Last Name,
 *   Email, Phone Number, Job Title, Company Name, Country/Region, Lifecycle Stage, Lead Status,
 *   Contact owner, Create Date, Original Source (Original Traffic Source in newer accounts).
 * - Pipedrive persons and leads: `Person - Name`, `Person - Email`, `Person - Owner`,
 *   `Lead - Title`, ... read by their field part (see `leadObjects`).
 * - Zoho CRM Leads ("Standard Fields in Leads"): Record Id, Lead Owner, First Name, Last Name,
 *   Title, Company, Lead Source, Phone, Mobile, Email, Lead Status, Created Time.
 */
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
    "associatedcompany",
    "primarycompany",
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
    "originaltrafficsource",
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
  // HubSpot exports both: the lifecycle stage is the funnel stage, its lead status a sales note.
  stage: ["stage", "lifecyclestage", "lifecycle", "leadstage", "leadstatus", "status"],
  score: ["score", "leadscore"],
};

/** Pipedrive's `Object - Field` columns, as a leads file (a persons or leads export) has them. */
const leadObjects: ObjectColumns<LeadField> = {
  own: ["lead", "person", "contact"],
  linked: new Map(
    ["organization", "organisation", "company", "account"].map((object) => [
      object,
      new Map<string, LeadField>([["name", "company"]]),
    ]),
  ),
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
  return mapColumns(headers, headerSynonyms, overrides, leadObjects);
}

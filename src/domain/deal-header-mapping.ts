import {
  type ColumnMapping,
  mapColumns,
  type ObjectColumns,
  parseColumnMapOption,
} from "./column-mapping.js";
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
 * What a column can fill: a deal field, or one of the columns exports write beside them:
 * - `close_date`, which exports use for both dates (Salesforce's Close Date is the expected close
 *   of an open deal and the close of a closed one);
 * - `status` (`open`, `won`, `lost`) beside the stage, as Pipedrive writes it, and the yes/no
 *   columns `is_won`, `is_lost`, `is_closed` (Salesforce's Won and Closed): they say whether the
 *   deal is closed, whatever its stage says;
 * - `won_at` and `lost_at` (Pipedrive's Won time and Lost time): when a won or lost deal closed;
 * - `contact`, a contact cell that links the deal to its lead by the email in it
 *   (`Maria Gonzalez (maria@x.example)`, `Maria <maria@x.example>`).
 */
export const dealColumns = [
  ...dealFields,
  "close_date",
  "status",
  "is_won",
  "is_lost",
  "is_closed",
  "won_at",
  "lost_at",
  "contact",
] as const;
export type DealColumn = (typeof dealColumns)[number];

/**
 * Headers that real CRM exports use, by column; where a file may hold several for one column,
 * the first listed wins. The vendors' documented export columns:
 * - Salesforce Opportunity (Field Reference, Opportunities report): Opportunity ID, Opportunity
 *   Name, Account Name, Amount, Stage, Close Date, Probability (%), Type, Lead Source,
 *   Opportunity Owner, Created Date, Closed (IsClosed), Won (IsWon).
 * - HubSpot deals ("HubSpot's default deal properties"): Record ID, Deal Name, Deal Stage,
 *   Amount, Close Date, Create Date, Deal owner, Pipeline, Deal Type, Closed Lost Reason, and
 *   the associations Associated Contact and Associated Company.
 * - Pipedrive deals (its Deal fields: status, add_time, won_time, lost_time,
 *   expected_close_date, lost_reason): `Deal - Title`, `Deal - Value`, `Deal - Currency`,
 *   `Deal - Status`, `Deal - Stage`, `Deal - Owner`, `Deal - Deal created`, `Deal - Won time`,
 *   `Deal - Lost time`, `Deal - Expected close date`, `Deal - Lost reason`, read by their field
 *   part, and `Person - Email`, `Organization - Name` (see `dealObjects`).
 * - Zoho CRM Deals ("Standard Fields in Deals"): Record Id, Deal Name, Deal Owner, Account Name,
 *   Type, Contact Name, Amount, Closing Date, Stage, Created Time, Reason For Loss.
 * - The Kaggle CRM sales set: opportunity_id, sales_agent, deal_stage, engage_date, close_value.
 */
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
  account: [
    "account",
    "accountname",
    "company",
    "companyname",
    "organization",
    "organisation",
    "organizationname",
    "associatedcompany",
  ],
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
  contact: [
    "contact",
    "associatedcontact",
    "contactname",
    "contactperson",
    "primarycontact",
    "associatedcontacts",
  ],
  opened_at: [
    "createddate",
    "createdate",
    "createdtime",
    "engagedate",
    "opendate",
    "createdat",
    "openedat",
    "opened",
    "created",
    "createdon",
    "dateopened",
    "dealcreated",
  ],
  expected_close: [
    "expectedclose",
    "expectedclosedate",
    "expectedclosingdate",
    "forecastclosedate",
  ],
  close_date: ["closedate", "closingdate"],
  closed_at: ["closedat", "closeddate", "dateclosed", "closedon", "actualclosedate"],
  won_at: ["wonat", "wontime", "wondate", "datewon"],
  lost_at: ["lostat", "losttime", "lostdate", "datelost"],
  status: ["status", "dealstatus", "opportunitystatus"],
  is_won: ["iswon", "won", "closedwon", "isclosedwon"],
  is_lost: ["islost", "lost", "closedlost", "isclosedlost"],
  is_closed: ["isclosed", "closed", "isdealclosed"],
  kind: ["kind", "type", "dealtype", "opportunitytype", "businesstype"],
  // Not plain "reason": a rejects file has a reason column, and fixed rejects get imported again.
  lost_reason: ["lostreason", "closedlostreason", "closelostreason", "lossreason", "reasonforloss"],
};

/**
 * Pipedrive's `Object - Field` columns, as a deals export has them: the deal's own fields, its
 * person's email (its lead) and its organization's name (its account).
 */
const dealObjects: ObjectColumns<DealColumn> = {
  own: ["deal", "opportunity"],
  linked: new Map([
    ...["person", "contact", "lead"].map(
      (object) => [object, new Map<string, DealColumn>([["email", "lead"]])] as const,
    ),
    ...["organization", "organisation", "company", "account"].map(
      (object) => [object, new Map<string, DealColumn>([["name", "account"]])] as const,
    ),
  ]),
};

/** A deal file's columns, by their headers and `--map`. */
export function mapDealColumns(
  headers: readonly string[],
  map: readonly string[] = [],
): ColumnMapping<DealColumn> {
  return mapColumns(
    headers,
    dealHeaderSynonyms,
    parseColumnMapOption(map, dealColumns),
    dealObjects,
  );
}

export type DealStatus = "open" | "won" | "lost";

const statusWords = new Map<string, DealStatus>(
  Object.entries({
    open: "open",
    won: "won",
    lost: "lost",
    closedwon: "won",
    closedlost: "lost",
  }) as [string, DealStatus][],
);

/** The status a status column's value means (`won`, `Closed Lost`), or undefined. */
export function parseDealStatus(text: string): DealStatus | undefined {
  return statusWords.get(text.toLowerCase().replace(/[^a-z]/g, ""));
}

const yesNoWords = new Map<string, boolean>(
  Object.entries({
    true: true,
    yes: true,
    y: true,
    1: true,
    false: false,
    no: false,
    n: false,
    0: false,
  }),
);

/** A yes/no column's value as exports write it (`true`, `1`, `Yes`), or undefined. */
export function parseYesNo(text: string): boolean | undefined {
  return yesNoWords.get(text.trim().toLowerCase());
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

import { type ColumnMapping, mapColumns, parseColumnMapOption } from "./column-mapping.js";
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

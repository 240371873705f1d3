/** Lead fields, as `--map "Header=field"` and JSON output name them. */
export const leadFields = [
  "external_id",
  "email",
  "first_name",
  "last_name",
  "name",
  "company",
  "title",
  "phone",
  "country",
  "source",
  "campaign",
  "created_at",
  "owner",
  "stage",
  "score",
] as const;

export type LeadField = (typeof leadFields)[number];

export function isLeadField(value: string): value is LeadField {
  return (leadFields as readonly string[]).includes(value);
}

/** One line per field for `funnel import --help`. */
export const leadFieldDescriptions: Record<LeadField, string> = {
  external_id: "id in the source system (matched before email)",
  email: "lower-cased and trimmed; identifies the lead when there is no external id",
  first_name: "given name",
  last_name: "family name",
  name: "full name (built from first and last name when absent)",
  company: "company or account",
  title: "job title",
  phone: "phone or mobile",
  country: "country or region",
  source: "channel the lead came from",
  campaign: "campaign or utm_campaign",
  created_at: "when the lead was created (import time when absent)",
  owner: "owning rep",
  stage: "lifecycle stage or lead status (CRM names understood)",
  score: "lead score, an integer",
};

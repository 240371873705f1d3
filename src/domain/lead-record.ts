import { type Attributes, attributesOf } from "./attributes.js";
import { acceptedDateFormats, parseDateStrict } from "./dates.js";
import { isValidEmail, normaliseEmail } from "./email.js";
import type { HeaderMapping } from "./header-mapping.js";
import type { LeadField } from "./lead-fields.js";
import type { RepIndex, RepNames } from "./reps.js";
import { parseStageName, type Stage, stages } from "./stages.js";

/**
 * A lead as read from one CSV row, normalised. `null` means the cell was blank: on an
 * update a blank never clears what the database holds.
 */
export interface IncomingLead {
  external_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  company: string | null;
  title: string | null;
  phone: string | null;
  country: string | null;
  source: string | null;
  campaign: string | null;
  created_at: string | null;
  owner: string | null;
  stage: Stage | null;
  score: number | null;
  /** Unmapped columns with a value, by header. */
  attributes: Attributes;
  /** The stage as the file wrote it, when that differs from the stage name (kept as the reason). */
  stage_label: string | null;
}

export interface RecordOptions {
  readonly mapping: HeaderMapping;
  readonly headerCount: number;
  readonly dateFormat?: string | undefined;
  readonly defaultSource?: string | undefined;
  readonly defaultStage?: Stage | undefined;
  /** The reps an owner cell may name: a lead's owner is stored as the rep's handle, as a deal's is. */
  readonly reps?: RepIndex<RepNames> | undefined;
}

/** A rejected row's reason, and the field whose value did not fit (when one did not). */
export type RecordResult =
  | { ok: true; lead: IncomingLead }
  | { ok: false; reason: string; field?: LeadField };

/** Validates and normalises one data row; the reason says what is wrong with it. */
export function buildIncomingLead(cells: readonly string[], options: RecordOptions): RecordResult {
  const { mapping } = options;
  if (cells.length < options.headerCount) {
    return reject(`has ${cells.length} fields, the header has ${options.headerCount}`);
  }
  for (let i = options.headerCount; i < cells.length; i++) {
    if ((cells[i] ?? "").trim() !== "") {
      return reject(`has ${cells.length} fields, the header has ${options.headerCount}`);
    }
  }
  const cell = (field: LeadField): string | null => {
    const index = mapping.fieldIndex[field];
    if (index === undefined) return null;
    const value = (cells[index] ?? "").trim();
    return value === "" ? null : value;
  };
  const header = (field: LeadField): string =>
    mapping.columns[mapping.fieldIndex[field] ?? 0]?.header ?? field;

  let email = cell("email");
  if (email !== null) {
    email = normaliseEmail(email);
    if (!isValidEmail(email)) return reject(`invalid email "${email}"`, "email");
  }
  const externalId = cell("external_id");
  if (email === null && externalId === null) return reject("no email or external id");

  let createdAt: string | null = null;
  const createdText = cell("created_at");
  if (createdText !== null) {
    createdAt = parseDateStrict(createdText, options.dateFormat) ?? null;
    if (createdAt === null) {
      const expected =
        options.dateFormat === undefined
          ? acceptedDateFormats
          : `${options.dateFormat} or ISO 8601`;
      return reject(
        `invalid date "${createdText}" in ${header("created_at")} (expected ${expected}; see --date-format)`,
        "created_at",
      );
    }
  }

  let stage: Stage | null = null;
  let stageLabel: string | null = null;
  const stageText = cell("stage");
  if (stageText !== null) {
    stage = parseStageName(stageText) ?? null;
    if (stage === null) {
      return reject(
        `unknown stage "${stageText}" in ${header("stage")} (known: ${stages.join(", ")})`,
        "stage",
      );
    }
    // Keep the file's wording when it says more than the stage name ("Closed - Not Converted").
    if (stageText.toLowerCase() !== stage) stageLabel = stageText;
  } else if (options.defaultStage !== undefined) {
    stage = options.defaultStage;
  }

  let score: number | null = null;
  const scoreText = cell("score");
  if (scoreText !== null) {
    score = Number(scoreText);
    if (!Number.isFinite(score) || Math.abs(score) > 1e9) {
      return reject(
        `invalid score "${scoreText}" in ${header("score")} (expected a number)`,
        "score",
      );
    }
    score = Math.round(score);
  }

  const firstName = cell("first_name");
  const lastName = cell("last_name");
  let name = cell("name");
  if (name === null && (firstName !== null || lastName !== null)) {
    name = [firstName, lastName].filter((part) => part !== null).join(" ");
  }

  const attributes = attributesOf();
  for (const column of mapping.columns) {
    if (column.field !== undefined || column.ignored) continue;
    const value = (cells[column.index] ?? "").trim();
    if (value !== "") attributes[column.attribute] = value;
  }

  return {
    ok: true,
    lead: {
      external_id: externalId,
      email,
      first_name: firstName,
      last_name: lastName,
      name,
      company: cell("company"),
      title: cell("title"),
      phone: cell("phone"),
      country: cell("country"),
      source: cell("source") ?? options.defaultSource ?? null,
      campaign: cell("campaign"),
      created_at: createdAt,
      owner: ownerOf(cell("owner"), options.reps),
      stage,
      score,
      attributes,
      stage_label: stageLabel,
    },
  };
}

/**
 * The handle of the rep an owner cell names (`Kim Lee`, `kim@acme.example`); the cell as it is
 * when it names nobody or several reps (a lead's owner need not be a rep).
 */
function ownerOf(text: string | null, reps: RepIndex<RepNames> | undefined): string | null {
  if (text === null || reps === undefined) return text;
  const match = reps.match(text);
  return match !== undefined && "rep" in match ? match.rep.handle : text;
}

function reject(reason: string, field?: LeadField): RecordResult {
  return field === undefined ? { ok: false, reason } : { ok: false, reason, field };
}

// fast-check generators of leads CSV files (valid ones, with the export each should give back,
// and garbage), and the database checks the import properties share.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { needsFormulaEscape } from "../../src/csv/formula-cells.js";
import { isValidEmail } from "../../src/domain/email.js";
import { mapHeaders } from "../../src/domain/header-mapping.js";
import { type LeadField, leadFields } from "../../src/domain/lead-fields.js";
import type { Stage } from "../../src/domain/stages.js";
import { escapeFormula } from "../../src/render/csv.js";
import { Database } from "../../src/store/sqlite/driver.js";

/** Headers real exports use, per field: each must map to its field without --map. */
const headerChoices: Record<LeadField, readonly string[]> = {
  external_id: ["external_id", "Record ID", "Lead ID", "MQL Id"],
  email: ["email", "Email", "E-mail Address", "Work Email"],
  first_name: ["first_name", "First Name", "Given name"],
  last_name: ["last_name", "Last Name", "Surname"],
  name: ["name", "Full Name", "Contact"],
  company: ["company", "Account Name", "Organisation"],
  title: ["title", "Job Title"],
  phone: ["phone", "Mobile"],
  country: ["country", "Region"],
  source: ["source", "Lead Source", "utm_source"],
  campaign: ["campaign", "utm_campaign"],
  created_at: ["created_at", "Created Date", "Create Date"],
  owner: ["owner", "Lead Owner"],
  stage: ["stage", "Lead Status", "Lifecycle Stage"],
  score: ["score", "Lead Score"],
};

/** Stage wordings of CRM exports and the stage each means. */
const stageWordings: readonly (readonly [string, Stage])[] = [
  ["lead", "lead"],
  ["New", "lead"],
  ["Open - Not Contacted", "lead"],
  ["MQL", "mql"],
  ["Marketing Qualified Lead", "mql"],
  ["SAL", "sal"],
  ["Working - Contacted", "sal"],
  ["SQL", "sql"],
  ["Qualified", "sql"],
  ["opportunity", "opportunity"],
  ["Closed - Converted", "opportunity"],
  ["Customer", "customer"],
  ["Closed Won", "customer"],
  ["disqualified", "disqualified"],
  ["Closed - Not Converted", "disqualified"],
  ["Recycled", "recycled"],
  ["rejected", "recycled"],
];

// Characters that stress the CSV writer and reader: quotes, every candidate delimiter, line
// breaks, a BOM and a no-break space (both trimmed as whitespace), an apostrophe.
const trickyChar = fc.constantFrom(
  '"',
  ",",
  ";",
  "\t",
  "\n",
  "\r",
  "\r\n",
  " ",
  "'",
  "\uFEFF",
  "\u00A0",
);
const anyChar = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: trickyChar },
  { weight: 1, arbitrary: fc.constantFrom("😀", "👩‍👩‍👧", "𝔘", "日本", "Ünïcødé", "Zoë") },
);
/** NUL is left out: the import refuses a file with NUL bytes at its start as not text. */
const freeText = fc
  .string({ unit: anyChar, maxLength: 24 })
  .map((text) => text.replaceAll("\u0000", ""));

/**
 * The value the import stores for a trimmed cell (README "How it behaves"): without the
 * apostrophe an export puts before a formula cell. Values are stored trimmed, so an export
 * never escaped one that starts with white space: `'` then a tab or line break is data.
 */
function asImported(value: string): string {
  const rest = value.slice(1);
  return value.startsWith("'") && !/^\s/.test(rest) && needsFormulaEscape(rest) ? rest : value;
}

/**
 * The cell `funnel export leads` writes for a value of a generated file (in the column
 * `field`): the value as imported, with a formula cell escaped (README "How it behaves",
 * export --help).
 */
export function exportedCell(value: string, field?: string): string {
  const imported = asImported(value);
  // An export never escaped an invalid email: then the apostrophe is the address's own.
  if (field === "email" && !isValidEmail(imported)) return escapeFormula(value);
  return escapeFormula(imported);
}

/** A cell that may be blank or whitespace only (both mean "no value"). */
const optionalText = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\t ") },
  { weight: 4, arbitrary: freeText },
);

const emailLocalChar = fc.oneof(
  fc.constantFrom(..."abcxyzABCXYZ0189._%+'!#$&*/=?^`{|}~-"),
  fc.constantFrom("Ä", "ö", "ß", "É", "Ñ", "日", "Ω", "İ", "😀"),
);
const domainLabel = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?$/);

/** An email the import accepts, in any case, maybe padded with spaces. */
const validEmail = fc
  .record({
    local: fc.string({ unit: emailLocalChar, minLength: 1, maxLength: 12 }),
    labels: fc.array(domainLabel, { minLength: 1, maxLength: 3 }),
    tld: fc.stringMatching(/^[a-zA-Z]{2,6}$/),
    pad: fc.constantFrom("", " ", "  "),
  })
  .map(({ local, labels, tld, pad }) => `${pad}${local}@${labels.join(".")}.${tld}${pad}`);

const two = (n: number) => String(n).padStart(2, "0");

/** A created date in one of the accepted ISO forms, with the instant it means. */
const validCreatedAt = fc
  .record({
    year: fc.integer({ min: 1970, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.stringMatching(/^\d{1,9}$/),
    form: fc.constantFrom("date", "minutes", "seconds", "fraction"),
    separator: fc.constantFrom("T", " "),
    zone: fc.oneof(
      fc.constant(""),
      fc.constant("Z"),
      fc.record({
        sign: fc.constantFrom("+", "-"),
        hours: fc.integer({ min: 0, max: 14 }),
        minutes: fc.constantFrom(0, 30, 45),
        colon: fc.boolean(),
      }),
    ),
  })
  .map((d) => {
    const date = `${d.year}-${two(d.month)}-${two(d.day)}`;
    const withTime = d.form !== "date";
    const time = !withTime
      ? ""
      : d.form === "minutes"
        ? `${d.separator}${two(d.hour)}:${two(d.minute)}`
        : d.form === "seconds"
          ? `${d.separator}${two(d.hour)}:${two(d.minute)}:${two(d.second)}`
          : `${d.separator}${two(d.hour)}:${two(d.minute)}:${two(d.second)}.${d.fraction}`;
    const zone =
      !withTime || d.zone === ""
        ? ""
        : d.zone === "Z"
          ? "Z"
          : `${d.zone.sign}${two(d.zone.hours)}${d.zone.colon ? ":" : ""}${two(d.zone.minutes)}`;
    const hour = withTime ? d.hour : 0;
    const minute = withTime ? d.minute : 0;
    const second = d.form === "seconds" || d.form === "fraction" ? d.second : 0;
    const millis = d.form === "fraction" ? Number(d.fraction.padEnd(3, "0").slice(0, 3)) : 0;
    let instant: number;
    if (zone === "") {
      // Documented: a date without a zone is local time (TZ).
      instant = new Date(d.year, d.month - 1, d.day, hour, minute, second, millis).getTime();
    } else {
      const offset =
        zone === "Z" || typeof d.zone === "string"
          ? 0
          : (d.zone.sign === "-" ? -1 : 1) * (d.zone.hours * 60 + d.zone.minutes);
      instant =
        Date.UTC(d.year, d.month - 1, d.day, hour, minute, second, millis) - offset * 60_000;
    }
    return { text: `${date}${time}${zone}`, iso: new Date(instant).toISOString() };
  });

/** A score as a spreadsheet writes it, with the integer it means (rounded). */
const validScore = fc
  .record({
    whole: fc.integer({ min: 0, max: 999_999_999 }),
    decimals: fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
    plus: fc.boolean(),
  })
  .map(({ whole, decimals, plus }) => {
    const text = `${plus ? "+" : ""}${whole}${decimals === undefined ? "" : `.${decimals}`}`;
    // Negative scores are left out: the export writes -5 as '-5 (formula escaping).
    return { text, score: String(Math.round(Number(text))) };
  });

const validStage = fc
  .record({ wording: fc.constantFrom(...stageWordings), upper: fc.boolean() })
  .map(({ wording: [text, stage], upper }) => ({
    text: upper ? text.toUpperCase() : text,
    stage,
  }));

/** One extra column's header: not a lead field, so the import keeps it as an attribute. */
// Not one that reads as an export's escaped formula (`'=x`): the import takes that apostrophe
// off header names as off values, which the round trip through an export checks.
const attributeHeader = freeText
  .map((text) => text.trim())
  .filter(
    (header) =>
      header !== "" &&
      asImported(header) === header &&
      mapHeaders([header]).columns[0]?.field === undefined,
  );

export interface CsvLayout {
  readonly delimiter: "," | ";" | "\t";
  readonly eol: "\n" | "\r\n";
  readonly bom: boolean;
  readonly finalEol: boolean;
  /** Quote every cell, not only those that need it. */
  readonly quoteAll: boolean;
}

export const csvLayout: fc.Arbitrary<CsvLayout> = fc.record({
  delimiter: fc.constantFrom(",", ";", "\t"),
  eol: fc.constantFrom("\n", "\r\n"),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  quoteAll: fc.boolean(),
});

/**
 * Writes records as CSV. A cell is quoted when it holds a quote, a line break or any of the
 * delimiters the import's detection counts (so the header line detects as `delimiter`).
 */
export function writeCsv(records: readonly (readonly string[])[], layout: CsvLayout): string {
  const lines = records.map((cells) =>
    cells
      .map((cell) =>
        layout.quoteAll || /[",;\t\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell,
      )
      .join(layout.delimiter),
  );
  const body = lines.join(layout.eol) + (layout.finalEol ? layout.eol : "");
  return (layout.bom ? "\uFEFF" : "") + body;
}

/** A generated valid leads file: what to write, and what `funnel export leads` gives back. */
export interface ValidLeadsFile {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly layout: CsvLayout;
  /** Per row, the exported cell of each lead field; created_at null where the file had none. */
  readonly expected: readonly Record<string, string | null>[];
  /** The extra columns' attribute names (their trimmed headers). */
  readonly attributes: readonly string[];
}

type Cell = { text: string; value: string | null };

const blank = (text: string): Cell => ({ text, value: null });
const trimmed = (text: string): Cell => ({
  text,
  value: text.trim() === "" ? null : text.trim(),
});

function cellFor(field: LeadField): fc.Arbitrary<Cell> {
  switch (field) {
    case "email":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(blank("")) },
        {
          weight: 5,
          arbitrary: validEmail.map((text) => ({ text, value: text.trim().toLowerCase() })),
        },
      );
    case "external_id":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(blank("")) },
        {
          weight: 5,
          arbitrary: freeText.filter((text) => text.trim() !== "").map(trimmed),
        },
      );
    case "created_at":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(blank("")) },
        { weight: 4, arbitrary: validCreatedAt.map(({ text, iso }) => ({ text, value: iso })) },
      );
    case "stage":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(blank("")) },
        { weight: 4, arbitrary: validStage.map(({ text, stage }) => ({ text, value: stage })) },
      );
    case "score":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(blank("")) },
        { weight: 4, arbitrary: validScore.map(({ text, score }) => ({ text, value: score })) },
      );
    default:
      return optionalText.map(trimmed);
  }
}

/** Valid leads files: random columns (email and/or external id among them), order and layout. */
export const validLeadsFile: fc.Arbitrary<ValidLeadsFile> = fc
  .record({
    identity: fc.constantFrom<LeadField[]>(["email"], ["external_id"], ["email", "external_id"]),
    others: fc.subarray(leadFields.filter((f) => f !== "email" && f !== "external_id")),
    attributes: fc.uniqueArray(attributeHeader, { maxLength: 3 }),
    headerPicks: fc.array(fc.nat(), { minLength: leadFields.length, maxLength: leadFields.length }),
    layout: csvLayout,
  })
  .chain(({ identity, others, attributes, headerPicks, layout }) => {
    const fields = [...identity, ...others];
    const columnCount = fields.length + attributes.length;
    const row = fc.tuple(
      fc.tuple(...fields.map(cellFor)),
      fc.tuple(...attributes.map(() => optionalText.map(trimmed))),
    );
    return fc.record({
      fields: fc.constant(fields),
      attributes: fc.constant(attributes),
      headerPicks: fc.constant(headerPicks),
      layout: fc.constant(layout),
      order: fc.shuffledSubarray(
        Array.from({ length: columnCount }, (_, i) => i),
        { minLength: columnCount, maxLength: columnCount },
      ),
      rows: fc.array(row, { maxLength: 12 }),
    });
  })
  .map(({ fields, attributes, headerPicks, layout, order, rows }) => {
    const headerOf = (field: LeadField) => {
      const choices = headerChoices[field];
      return choices[(headerPicks[leadFields.indexOf(field)] ?? 0) % choices.length] as string;
    };
    const headers = [...fields.map(headerOf), ...attributes];
    const seenEmails = new Set<string>();
    const seenIds = new Set<string>();
    const keptRows: string[][] = [];
    const expected: Record<string, string | null>[] = [];
    for (const [fieldCells, attributeCells] of rows) {
      const byField = new Map(fields.map((field, i) => [field, fieldCells[i] as Cell]));
      const email = byField.get("email")?.value ?? null;
      const externalId = byField.get("external_id")?.value ?? null;
      // Identity: each row a lead of its own (duplicates are the idempotence test's business).
      if (email === null && externalId === null) continue;
      if (
        (email !== null && seenEmails.has(email)) ||
        (externalId !== null && seenIds.has(externalId))
      )
        continue;
      if (email !== null) seenEmails.add(email);
      if (externalId !== null) seenIds.add(externalId);
      const cells = [
        ...fieldCells.map((cell) => cell.text),
        ...attributeCells.map((cell) => cell.text),
      ];
      keptRows.push(order.map((i) => cells[i] as string));
      const value = (field: LeadField) => byField.get(field)?.value ?? null;
      const exported: Record<string, string | null> = {};
      for (const field of leadFields) exported[field] = value(field) ?? "";
      const parts = [value("first_name"), value("last_name")].filter((part) => part !== null);
      if (value("name") === null && parts.length > 0) exported.name = parts.join(" ");
      exported.stage = value("stage") ?? "lead";
      exported.created_at = value("created_at");
      attributes.forEach((attribute, i) => {
        exported[attribute] = attributeCells[i]?.value ?? "";
      });
      expected.push(exported);
    }
    return {
      headers: order.map((i) => headers[i] as string),
      rows: keptRows,
      layout,
      expected,
      attributes,
    };
  });

export function validLeadsText(file: ValidLeadsFile): string {
  return writeCsv([file.headers, ...file.rows], file.layout);
}

/** Values that the import must reject, or that sit on the edge of what it accepts. */
const hostileValue = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      "n/a",
      "john@",
      "@x.example",
      "a b@x.example",
      "x@y",
      "ann@x.example",
      "ANN@X.EXAMPLE",
      "2026-02-30",
      "31/12/2026",
      "yesterday",
      "2026-13-01",
      "0999-01-01",
      "9999-12-31T23:00-05:00",
      "NaN",
      "1e10",
      "Infinity",
      "12abc",
      "0x1F",
      "-0",
      "constructor",
      "__proto__",
      "toString",
      '=HYPERLINK("http://x")',
      "'); DROP TABLE leads;--",
      "\u001b[2J",
      "",
      " ",
    ),
  },
  { weight: 10, arbitrary: freeText },
  { weight: 10, arbitrary: validEmail },
  // Huge fields, now and then (each run writes its file to disk).
  {
    weight: 1,
    arbitrary: fc.constantFrom(1 << 10, 1 << 16, 1 << 20).map((size) => "x".repeat(size)),
  },
);

// Mostly with an identity column first, so that rows get as far as validation.
const garbageHeader = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("Email", "Record ID", "E-mail Address") },
      { weight: 1, arbitrary: freeText },
    ),
    fc.array(
      fc.oneof(
        fc.constantFrom("Email", "Record ID", "Created Date", "Score", "Lead Status", "Name"),
        freeText,
      ),
      { maxLength: 5 },
    ),
  )
  .map(([first, rest]) => [first, ...rest]);

/** Broken files, of several kinds; each is bytes to write as the CSV. */
export const garbageLeadsFile: fc.Arbitrary<{ kind: string; bytes: Uint8Array }> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ kind: "random bytes", bytes })),
  fc
    .tuple(
      fc.constantFrom("", "Email,", "Email;Score\n"),
      fc.string({
        unit: fc.constantFrom(
          '"',
          ",",
          ";",
          "\t",
          "\n",
          "\r\n",
          "\r",
          "a",
          " ",
          "@",
          "Email",
          "ann@x.example",
          "Score",
          "-1",
          "\uFEFF",
          "é",
          "😀",
          '""',
          "Record ID",
        ),
        maxLength: 200,
      }),
    )
    .map(([start, text]) => ({
      kind: "quote and delimiter soup",
      bytes: Buffer.from(start + text),
    })),
  fc
    .record({
      header: garbageHeader,
      rows: fc.array(fc.array(hostileValue, { maxLength: 9 }), { maxLength: 10 }),
      layout: csvLayout,
      raw: fc.boolean(),
    })
    .map(({ header, rows, layout, raw }) => ({
      kind: "hostile values, random column counts",
      // Raw: cells joined without any quoting, so quotes and line breaks in values break records.
      bytes: Buffer.from(
        raw
          ? [header, ...rows].map((cells) => cells.join(layout.delimiter)).join(layout.eol)
          : writeCsv([header, ...rows], layout),
      ),
    })),
  fc
    .record({
      file: validLeadsFile,
      cut: fc.nat(),
      // Stray bytes: mostly CSV syntax, sometimes any byte (which may break the UTF-8).
      insertions: fc.array(
        fc.tuple(
          fc.nat(),
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...'",;\t\r\n ').map((c) => c.charCodeAt(0)) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
          ),
        ),
        { maxLength: 4 },
      ),
    })
    .map(({ file, cut, insertions }) => {
      const bytes = [...Buffer.from(validLeadsText(file))];
      for (const [at, byte] of insertions) bytes.splice(at % (bytes.length + 1), 0, byte);
      const kept = bytes.slice(0, bytes.length - (cut % (bytes.length + 1)));
      return { kind: "valid file, truncated and with stray bytes", bytes: Uint8Array.from(kept) };
    }),
);

/** A digest of every table's rows: equal digests, equal databases. */
export function databaseDigest(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const hash = createHash("sha256");
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const table of tables) {
      hash.update(`\n${table}\n`);
      for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).iterate())
        hash.update(`${JSON.stringify(row)}\n`);
    }
    hash.update(String(db.pragma("user_version", { simple: true })));
    return hash.digest("hex");
  } finally {
    db.close();
  }
}

/**
 * What must hold of the database after any import, whatever it was fed; returns the lead
 * count. Every lead has a stage history whose last event is the lead's stage.
 */
export function checkDatabase(dbPath: string): { leads: number; problems: string[] } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
    const foreignKeys = db.pragma("foreign_key_check") as unknown[];
    if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys)}`);
    const orphans = db
      .prepare("SELECT count(*) FROM stage_events WHERE lead_id NOT IN (SELECT id FROM leads)")
      .pluck()
      .get() as number;
    if (orphans > 0) problems.push(`${orphans} stage event(s) of no lead`);
    const wrongStage = db
      .prepare(
        `SELECT count(*) FROM leads WHERE stage IS NOT (SELECT to_stage FROM stage_events
           WHERE lead_id = leads.id ORDER BY id DESC LIMIT 1)`,
      )
      .pluck()
      .get() as number;
    if (wrongStage > 0)
      problems.push(`${wrongStage} lead(s) whose stage is not their last event's`);
    const leads = db.prepare("SELECT count(*) FROM leads").pluck().get() as number;
    return { leads, problems };
  } finally {
    db.close();
  }
}

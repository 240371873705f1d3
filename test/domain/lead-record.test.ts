import { describe, expect, it } from "vitest";
import { mapHeaders, parseMapOption } from "../../src/domain/header-mapping.js";
import {
  buildIncomingLead,
  type IncomingLead,
  type RecordOptions,
} from "../../src/domain/lead-record.js";
import { RepIndex } from "../../src/domain/reps.js";
import type { Stage } from "../../src/domain/stages.js";

const headers = [
  "Lead Id",
  "Email",
  "First Name",
  "Last Name",
  "Company",
  "Title",
  "Phone",
  "Country",
  "Lead Source",
  "Campaign",
  "Created Date",
  "Lead Owner",
  "Lead Status",
  "Score",
  "Notes",
  "Favourite Colour",
] as const;
type Header = (typeof headers)[number];

const mapping = mapHeaders(headers);

type Extra = Partial<Omit<RecordOptions, "mapping" | "headerCount">>;

/** Cells in header order; unnamed columns are blank. */
function row(values: Partial<Record<Header, string>>): string[] {
  return headers.map((header) => values[header] ?? "");
}

function build(cells: readonly string[], extra: Extra = {}) {
  return buildIncomingLead(cells, { mapping, headerCount: headers.length, ...extra });
}

function lead(values: Partial<Record<Header, string>>, extra: Extra = {}): IncomingLead {
  const result = build(row(values), extra);
  if (!result.ok) throw new Error(`expected an ok row, got: ${result.reason}`);
  return result.lead;
}

function reason(cells: readonly string[], extra: Extra = {}): string {
  const result = build(cells, extra);
  if (result.ok) throw new Error("expected a rejected row");
  return result.reason;
}

const local = (y: number, mo: number, d: number, h = 0, mi = 0) =>
  new Date(y, mo - 1, d, h, mi).toISOString();

describe("buildIncomingLead: ok rows", () => {
  it("normalises a full row", () => {
    const result = build(
      row({
        "Lead Id": " 00Q5e00000AbCdE ",
        Email: " Ada@Example.COM ",
        "First Name": "Ada",
        "Last Name": "Lovelace",
        Company: "Analytical Engines Ltd",
        Title: "Countess",
        Phone: "+44 20 7946 0000",
        Country: "GB",
        "Lead Source": "Webinar",
        Campaign: "Q4 Launch",
        "Created Date": "2026-02-10 09:30",
        "Lead Owner": "jdoe",
        "Lead Status": "Working - Contacted",
        Score: "72",
        Notes: "  met at the booth  ",
        "Favourite Colour": "",
      }),
    );
    expect(result).toEqual({
      ok: true,
      lead: {
        external_id: "00Q5e00000AbCdE",
        email: "ada@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
        name: "Ada Lovelace",
        company: "Analytical Engines Ltd",
        title: "Countess",
        phone: "+44 20 7946 0000",
        country: "GB",
        source: "Webinar",
        campaign: "Q4 Launch",
        created_at: local(2026, 2, 10, 9, 30),
        owner: "jdoe",
        stage: "sal",
        score: 72,
        attributes: { Notes: "met at the booth" },
        stage_label: "Working - Contacted",
      },
    });
  });

  it("turns blank and whitespace-only cells into null", () => {
    expect(lead({ Email: "ada@example.com", Company: "   ", Title: "\t" })).toEqual({
      external_id: null,
      email: "ada@example.com",
      first_name: null,
      last_name: null,
      name: null,
      company: null,
      title: null,
      phone: null,
      country: null,
      source: null,
      campaign: null,
      created_at: null,
      owner: null,
      stage: null,
      score: null,
      attributes: {},
      stage_label: null,
    });
  });

  it("accepts a row identified by its external id alone", () => {
    const incoming = lead({ "Lead Id": "MQL-1001" });
    expect(incoming.external_id).toBe("MQL-1001");
    expect(incoming.email).toBeNull();
  });

  it.each([
    ["2026-02-10", undefined, local(2026, 2, 10)],
    ["2026-02-10T09:30:00Z", undefined, "2026-02-10T09:30:00.000Z"],
    ["2026-02-10T09:30:00+02:00", undefined, "2026-02-10T07:30:00.000Z"],
    ["02/10/2026", "MM/dd/yyyy", local(2026, 2, 10)],
    ["10.02.2026 14:30", "dd.MM.yyyy HH:mm", local(2026, 2, 10, 14, 30)],
  ])("reads the created date %j (format %s)", (text, dateFormat, iso) => {
    expect(lead({ Email: "a@b.io", "Created Date": text }, { dateFormat }).created_at).toBe(iso);
  });

  it.each([
    ["72", 72],
    [" 40 ", 40],
    ["0", 0],
    ["-3", -3],
    ["12.4", 12],
    ["12.6", 13],
    ["1e3", 1000],
    ["1000000000", 1_000_000_000],
  ])("reads the score %j as %i", (text, score) => {
    expect(lead({ Email: "a@b.io", Score: text }).score).toBe(score);
  });
});

describe("buildIncomingLead: rejected rows", () => {
  it.each([
    [
      "no email or external id",
      row({ "First Name": "Ada", Company: "Acme" }),
      {},
      /^no email or external id$/,
    ],
    ["blank identity cells", row({ "Lead Id": "  ", Email: " " }), {}, /^no email or external id$/],
    ["an empty row", row({}), {}, /^no email or external id$/],
    ["email n/a", row({ Email: "n/a" }), {}, /^invalid email "n\/a"$/],
    [
      "a name in the email column",
      row({ Email: "Ada Lovelace" }),
      {},
      /^invalid email "ada lovelace"$/,
    ],
    ["a truncated email", row({ Email: "john@" }), {}, /^invalid email "john@"$/],
    [
      "an invalid email even with an external id",
      row({ "Lead Id": "00Q1", Email: "john@example" }),
      {},
      /^invalid email "john@example"$/,
    ],
    [
      "an impossible date",
      row({ Email: "a@b.io", "Created Date": "2026-02-30" }),
      {},
      /^invalid date "2026-02-30" in Created Date \(expected YYYY-MM-DD.*; see --date-format\)$/,
    ],
    [
      "a day-first date without a format",
      row({ Email: "a@b.io", "Created Date": "10/02/2026" }),
      {},
      /^invalid date "10\/02\/2026" in Created Date/,
    ],
    [
      "a date that does not fit --date-format",
      row({ Email: "a@b.io", "Created Date": "31/12/2026" }),
      { dateFormat: "MM/dd/yyyy" },
      /^invalid date "31\/12\/2026" in Created Date \(expected MM\/dd\/yyyy or ISO 8601; see --date-format\)$/,
    ],
    [
      "an unknown stage",
      row({ Email: "a@b.io", "Lead Status": "Hot" }),
      {},
      /^unknown stage "Hot" in Lead Status \(known: lead, mql, sal, sql, opportunity, customer, disqualified, recycled\)$/,
    ],
    [
      "a stage that only matches an Object.prototype key",
      row({ Email: "a@b.io", "Lead Status": "Constructor" }),
      {},
      /^unknown stage "Constructor" in Lead Status/,
    ],
    [
      "a word for a score",
      row({ Email: "a@b.io", Score: "high" }),
      {},
      /^invalid score "high" in Score \(expected a number\)$/,
    ],
    ["a decimal comma score", row({ Email: "a@b.io", Score: "12,5" }), {}, /^invalid score "12,5"/],
    [
      "an infinite score",
      row({ Email: "a@b.io", Score: "Infinity" }),
      {},
      /^invalid score "Infinity"/,
    ],
    ["a huge score", row({ Email: "a@b.io", Score: "1e10" }), {}, /^invalid score "1e10"/],
  ] as [string, string[], Extra, RegExp][])("%s", (_name, cells, extra, expected) => {
    expect(reason(cells, extra)).toMatch(expected);
  });

  it.each([
    [1, "has 1 fields, the header has 16"],
    [15, "has 15 fields, the header has 16"],
  ])("rejects a row of %i fields", (count, expected) => {
    const cells = row({ Email: "a@b.io" }).slice(0, count);
    expect(reason(cells)).toBe(expected);
  });

  it.each([
    [["x"], "has 17 fields, the header has 16"],
    [["", "x"], "has 18 fields, the header has 16"],
    [["", "", " extra "], "has 19 fields, the header has 16"],
  ])("rejects extra non-empty fields %j", (extra, expected) => {
    expect(reason([...row({ Email: "a@b.io" }), ...extra])).toBe(expected);
  });

  it.each([[[""]], [["", "", ""]], [[" ", "\t"]]])("accepts extra empty fields %j", (extra) => {
    const result = build([...row({ Email: "a@b.io", Notes: "kept" }), ...extra]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.lead.attributes).toEqual({ Notes: "kept" });
  });
});

describe("buildIncomingLead: name", () => {
  it.each([
    [{ "First Name": "Ada", "Last Name": "Lovelace" }, "Ada Lovelace"],
    [{ "First Name": " Ada ", "Last Name": " Lovelace " }, "Ada Lovelace"],
    [{ "First Name": "Ada" }, "Ada"],
    [{ "Last Name": "Lovelace" }, "Lovelace"],
    [{ "First Name": " ", "Last Name": "Lovelace" }, "Lovelace"],
    [{}, null],
  ] as [Partial<Record<Header, string>>, string | null][])("%j → %j", (values, name) => {
    expect(lead({ Email: "a@b.io", ...values }).name).toBe(name);
  });

  const withFullName = mapHeaders(["Email", "Full Name", "First Name", "Last Name"]);
  it.each([
    [["a@b.io", "Countess of Lovelace", "Ada", "Lovelace"], "Countess of Lovelace"],
    [["a@b.io", "", "Ada", "Lovelace"], "Ada Lovelace"],
    [["a@b.io", "  ", "Ada", ""], "Ada"],
    [["a@b.io", "Ada L.", "", ""], "Ada L."],
  ])("with a Full Name column, %j → %j", (cells, name) => {
    const result = buildIncomingLead(cells, { mapping: withFullName, headerCount: 4 });
    expect(result.ok && result.lead.name).toBe(name);
  });
});

describe("buildIncomingLead: --source and --stage defaults", () => {
  it.each([
    ["", "Trade Show", "Trade Show"],
    ["  ", "Trade Show", "Trade Show"],
    ["Google Ads", "Trade Show", "Google Ads"],
    ["Google Ads", undefined, "Google Ads"],
    ["", undefined, null],
  ])("source cell %j with --source %j → %j", (cell, defaultSource, source) => {
    expect(lead({ Email: "a@b.io", "Lead Source": cell }, { defaultSource }).source).toBe(source);
  });

  it("applies --source when the file has no source column", () => {
    const result = buildIncomingLead(["a@b.io"], {
      mapping: mapHeaders(["Email"]),
      headerCount: 1,
      defaultSource: "Trade Show",
    });
    expect(result.ok && result.lead.source).toBe("Trade Show");
  });

  it.each([
    ["", "mql", "mql", null],
    [" ", "mql", "mql", null],
    ["Customer", "mql", "customer", null],
    ["Closed - Not Converted", "mql", "disqualified", "Closed - Not Converted"],
    ["Lead", undefined, "lead", null],
    ["", undefined, null, null],
  ] as [string, Stage | undefined, Stage | null, string | null][])(
    "stage cell %j with --stage %j → %j (label %j)",
    (cell, defaultStage, stage, label) => {
      const incoming = lead({ Email: "a@b.io", "Lead Status": cell }, { defaultStage });
      expect(incoming.stage).toBe(stage);
      expect(incoming.stage_label).toBe(label);
    },
  );
});

describe("buildIncomingLead: attributes", () => {
  it("holds only non-blank unmapped values, trimmed, by header", () => {
    const incoming = lead({
      Email: "a@b.io",
      Company: "Acme",
      Notes: "  call back Tuesday ",
      "Favourite Colour": "  ",
    });
    expect(incoming.attributes).toEqual({ Notes: "call back Tuesday" });
  });

  it("never holds mapped fields", () => {
    const incoming = lead({ Email: "a@b.io", Company: "Acme", "Favourite Colour": "teal" });
    expect(incoming.attributes).toEqual({ "Favourite Colour": "teal" });
  });

  it("keeps a second column for a field, and duplicate headers, under unique names", () => {
    const duplicates = mapHeaders(["Email", "E-mail Address", "Tag", "Tag", "Tag"]);
    const result = buildIncomingLead(["a@b.io", "ada@home.example", "vip", "", "emea"], {
      mapping: duplicates,
      headerCount: 5,
    });
    expect(result.ok && result.lead.email).toBe("a@b.io");
    expect(result.ok && result.lead.attributes).toEqual({
      "E-mail Address": "ada@home.example",
      Tag: "vip",
      "Tag (3)": "emea",
    });
  });

  it("keeps a column mapped with --map to attribute", () => {
    const overridden = mapHeaders(["Email", "Status"], parseMapOption(["Status=attribute"]));
    const result = buildIncomingLead(["a@b.io", "Hot"], { mapping: overridden, headerCount: 2 });
    expect(result.ok && result.lead.stage).toBeNull();
    expect(result.ok && result.lead.attributes).toEqual({ Status: "Hot" });
  });
});

describe("buildIncomingLead: stage and stage_label", () => {
  it.each([
    ["lead", "lead", null],
    ["Lead", "lead", null],
    ["MQL", "mql", null],
    ["mql", "mql", null],
    ["  SQL  ", "sql", null],
    ["Opportunity", "opportunity", null],
    ["Customer", "customer", null],
    ["DISQUALIFIED", "disqualified", null],
    ["Recycled", "recycled", null],
    ["Marketing Qualified Lead", "mql", "Marketing Qualified Lead"],
    ["marketingqualifiedlead", "mql", "marketingqualifiedlead"],
    ["Open - Not Contacted", "lead", "Open - Not Contacted"],
    ["Working - Contacted", "sal", "Working - Contacted"],
    ["Closed - Converted", "opportunity", "Closed - Converted"],
    ["Closed - Not Converted", "disqualified", "Closed - Not Converted"],
    ["Unqualified", "disqualified", "Unqualified"],
    ["Junk", "disqualified", "Junk"],
  ] as [string, Stage, string | null][])("%j → %s, label %j", (text, stage, label) => {
    const incoming = lead({ Email: "a@b.io", "Lead Status": text });
    expect(incoming.stage).toBe(stage);
    expect(incoming.stage_label).toBe(label);
  });
});

describe("buildIncomingLead: owner", () => {
  const reps = new RepIndex([
    { handle: "kim-lee", name: "Kim Lee", email: "kim@acme.example" },
    { handle: "ana-souza", name: "Ana Souza", email: null },
    { handle: "sam-park", name: "Sam Park", email: null },
    { handle: "sam-park-2", name: "Sam Park", email: null },
  ]);

  it.each([
    ["Kim Lee", "kim-lee"],
    ["  kim   LEE ", "kim-lee"],
    ["KIM@acme.example", "kim-lee"],
    ["kim-lee", "kim-lee"],
    ["Ana Souza", "ana-souza"],
    // Nobody, or more than one rep: the cell as the file wrote it.
    ["Pat Doe", "Pat Doe"],
    ["Sam Park", "Sam Park"],
  ])("resolves Lead Owner %j to %j, as a deal's owner is", (owner, stored) => {
    expect(lead({ Email: "a@b.io", "Lead Owner": owner }, { reps }).owner).toBe(stored);
  });

  it("keeps the owner as written when no reps are given, and a blank one blank", () => {
    expect(lead({ Email: "a@b.io", "Lead Owner": "Kim Lee" }).owner).toBe("Kim Lee");
    expect(lead({ Email: "a@b.io" }, { reps }).owner).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  headerKey,
  MappingError,
  mapHeaders,
  parseMapOption,
} from "../../src/domain/header-mapping.js";
import { type LeadField, leadFields } from "../../src/domain/lead-fields.js";

describe("headerKey", () => {
  it.each([
    ["Email", "email"],
    ["E-mail Address", "emailaddress"],
    ["email_address", "emailaddress"],
    ["  First Name  ", "firstname"],
    ["FIRST-NAME", "firstname"],
    ["utm_source", "utmsource"],
    ["Country/Region", "countryregion"],
    ["Lead ID #", "leadid"],
    ["Address Line 2", "addressline2"],
    ["", ""],
  ])("%j → %j", (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
});

describe("mapHeaders: CRM export headers", () => {
  const cases: [string, LeadField][] = [
    ["Email", "email"],
    ["E-mail Address", "email"],
    ["Email Address", "email"],
    ["Work Email", "email"],
    ["First Name", "first_name"],
    ["Last Name", "last_name"],
    ["Full Name", "name"],
    ["Name", "name"],
    ["Company", "company"],
    ["Account Name", "company"],
    ["Organization", "company"],
    ["Organisation", "company"],
    ["Company Name", "company"],
    ["Title", "title"],
    ["Job Title", "title"],
    ["Phone", "phone"],
    ["Mobile", "phone"],
    ["Phone Number", "phone"],
    ["Lead Source", "source"],
    ["Source", "source"],
    ["Origin", "source"],
    ["Channel", "source"],
    ["utm_source", "source"],
    ["Original Source", "source"],
    ["Campaign", "campaign"],
    ["utm_campaign", "campaign"],
    ["Campaign Name", "campaign"],
    ["Created Date", "created_at"],
    ["Create Date", "created_at"],
    ["Date Created", "created_at"],
    ["Created Time", "created_at"],
    ["Created At", "created_at"],
    ["created_at", "created_at"],
    ["Country", "country"],
    ["Region", "country"],
    ["Country/Region", "country"],
    ["Lead Owner", "owner"],
    ["Owner", "owner"],
    ["Contact owner", "owner"],
    ["Lead Status", "stage"],
    ["Lifecycle Stage", "stage"],
    ["Status", "stage"],
    ["Id", "external_id"],
    ["Lead Id", "external_id"],
    ["Record ID", "external_id"],
    ["External Id", "external_id"],
    ["Lead Score", "score"],
  ];

  it.each(cases)("%j fills %s", (header, field) => {
    const mapping = mapHeaders([header]);
    expect(mapping.columns[0]?.field).toBe(field);
    expect(mapping.fieldIndex).toEqual({ [field]: 0 });
    expect(mapping.warnings).toEqual([]);
  });

  it.each([
    ["EMAIL", "email"],
    ["e_mail address", "email"],
    ["E-Mail", "email"],
    ["first-name", "first_name"],
    ["FIRST_NAME", "first_name"],
    ["lastName", "last_name"],
    ["LEAD SOURCE", "source"],
    ["Lead-Source:", "source"],
    ["UTM Campaign", "campaign"],
    ["  Created Date  ", "created_at"],
    ["CREATED.DATE", "created_at"],
    ["lifecycle_stage", "stage"],
    ["Lead ID", "external_id"],
    ["record-id", "external_id"],
  ] as [string, LeadField][])("ignores case and punctuation: %j fills %s", (header, field) => {
    expect(mapHeaders([header]).columns[0]?.field).toBe(field);
  });

  it("maps a whole Salesforce leads export", () => {
    const headers = [
      "Lead ID",
      "First Name",
      "Last Name",
      "Title",
      "Company",
      "Email",
      "Phone",
      "Lead Source",
      "Lead Status",
      "Lead Owner",
      "Created Date",
      "Country",
      "Rating",
    ];
    const mapping = mapHeaders(headers);
    expect(mapping.fieldIndex).toEqual({
      external_id: 0,
      first_name: 1,
      last_name: 2,
      title: 3,
      company: 4,
      email: 5,
      phone: 6,
      source: 7,
      stage: 8,
      owner: 9,
      created_at: 10,
      country: 11,
    });
    expect(mapping.columns[12]).toEqual({
      index: 12,
      header: "Rating",
      field: undefined,
      attribute: "Rating",
      how: "guess",
      ignored: false,
    });
    expect(mapping.warnings).toEqual([]);
  });

  it("maps a whole HubSpot contacts export", () => {
    const headers = [
      "Record ID",
      "First Name",
      "Last Name",
      "Email",
      "Company Name",
      "Job Title",
      "Phone Number",
      "Lifecycle Stage",
      "Original Source",
      "Contact owner",
      "Create Date",
      "Country/Region",
      "utm_campaign",
      "HubSpot Score",
    ];
    const mapping = mapHeaders(headers);
    expect(mapping.fieldIndex).toEqual({
      external_id: 0,
      first_name: 1,
      last_name: 2,
      email: 3,
      company: 4,
      title: 5,
      phone: 6,
      stage: 7,
      source: 8,
      owner: 9,
      created_at: 10,
      country: 11,
      campaign: 12,
    });
    expect(mapping.columns[13]?.field).toBeUndefined();
    expect(mapping.columns[13]?.attribute).toBe("HubSpot Score");
  });
});

describe("mapHeaders: the exports of the CRMs people use", () => {
  it("takes HubSpot's Lifecycle Stage as the stage and keeps its Lead Status, in either order", () => {
    for (const headers of [
      ["Email", "Lead Status", "Lifecycle Stage"],
      ["Email", "Lifecycle Stage", "Lead Status"],
    ]) {
      const mapping = mapHeaders(headers);
      expect(mapping.fieldIndex.stage).toBe(headers.indexOf("Lifecycle Stage"));
      const leadStatus = mapping.columns[headers.indexOf("Lead Status")];
      expect([leadStatus?.field, leadStatus?.attribute]).toEqual([undefined, "Lead Status"]);
      expect(mapping.warnings).toEqual([
        'column "Lead Status" also looks like stage; "Lifecycle Stage" is used, it is kept as an attribute',
      ]);
    }
  });

  it("reads Pipedrive's Object - Field columns by their field part, for a person and its organization", () => {
    const headers = [
      "Person - ID",
      "Person - Name",
      "Person - First name",
      "Person - Email",
      "Person - Phone",
      "Person - Owner",
      "Person - Label",
      "Person - Person created",
      "Organization - Name",
      "Organization - Address",
      "Deal - Title",
      "Lead - Source",
    ];
    const mapping = mapHeaders(headers);
    expect(mapping.fieldIndex).toEqual({
      external_id: 0,
      name: 1,
      first_name: 2,
      email: 3,
      phone: 4,
      owner: 5,
      created_at: 7,
      company: 8,
      source: 11,
    });
    expect(mapping.warnings).toEqual([]);
  });

  it("maps a whole Zoho CRM leads export", () => {
    const headers = [
      "Record Id",
      "Lead Owner",
      "First Name",
      "Last Name",
      "Title",
      "Company",
      "Email",
      "Mobile",
      "Lead Source",
      "Lead Status",
      "Created Time",
      "Annual Revenue",
    ];
    expect(mapHeaders(headers).fieldIndex).toEqual({
      external_id: 0,
      owner: 1,
      first_name: 2,
      last_name: 3,
      title: 4,
      company: 5,
      email: 6,
      phone: 7,
      source: 8,
      stage: 9,
      created_at: 10,
    });
  });

  it("keeps a column that only looks like Object - Field as a whole header", () => {
    expect(mapHeaders(["Email", "Source - Campaign", "Lead Source"]).fieldIndex).toEqual({
      email: 0,
      source: 2,
    });
  });
});

describe("mapHeaders: attributes", () => {
  it("keeps unmapped columns as attributes named by their (trimmed) header", () => {
    const mapping = mapHeaders(["Email", "Favourite Colour", "  Industry  ", "Annual Revenue"]);
    expect(
      mapping.columns.map((column) => [column.header, column.field, column.attribute]),
    ).toEqual([
      ["Email", "email", "Email"],
      ["Favourite Colour", undefined, "Favourite Colour"],
      ["Industry", undefined, "Industry"],
      ["Annual Revenue", undefined, "Annual Revenue"],
    ]);
    expect(mapping.fieldIndex).toEqual({ email: 0 });
  });

  it.each([
    [
      ["Email", "Notes", "Notes"],
      ["Email", "Notes", "Notes (2)"],
    ],
    [
      ["Email", "Notes", "Notes", " Notes "],
      ["Email", "Notes", "Notes (2)", "Notes (3)"],
    ],
    [
      ["Tag", "Tag", "Tag (2)"],
      ["Tag", "Tag (2)", "Tag (2) (2)"],
    ],
    [
      ["Email", "", ""],
      ["Email", "column 2", "column 3"],
    ],
  ])("gives duplicate headers %j unique attribute names", (headers, attributes) => {
    const names = mapHeaders(headers).columns.map((column) => column.attribute);
    expect(names).toEqual(attributes);
    expect(new Set(names).size).toBe(names.length);
  });

  it("keeps the second column for a field as an attribute, with a warning", () => {
    const mapping = mapHeaders(["Email", "Name", "E-mail Address"]);
    expect(mapping.fieldIndex.email).toBe(0);
    expect(mapping.columns[2]?.field).toBeUndefined();
    expect(mapping.columns[2]?.attribute).toBe("E-mail Address");
    expect(mapping.warnings).toHaveLength(1);
    expect(mapping.warnings[0]).toMatch(/"E-mail Address".*email.*"Email"/);
  });

  it.each([
    [["id", "external_id", "email", "name"], "id"],
    [["id", "External ID", "email"], "id"],
    [["Lead Source", "utm_source", "source"], "Lead Source"],
  ])("lets a column named as the field win over an earlier synonym: %j", (headers, kept) => {
    const mapping = mapHeaders(headers);
    const named = headers.findIndex(
      (header) => header !== kept && /^(external.?id|source)$/i.test(header),
    );
    const field = mapping.columns[named]?.field as string;
    expect(mapping.fieldIndex).toMatchObject({ [field]: named });
    const synonym = mapping.columns[headers.indexOf(kept)];
    expect({ field: synonym?.field, attribute: synonym?.attribute }).toEqual({
      field: undefined,
      attribute: kept,
    });
    expect(mapping.warnings[0]).toContain(`"${kept}"`);
  });

  it("warns once per extra column when three columns look like one field", () => {
    const mapping = mapHeaders(["Lead Source", "utm_source", "Channel"]);
    expect(mapping.fieldIndex).toEqual({ source: 0 });
    expect(mapping.columns.map((column) => column.field)).toEqual(["source", undefined, undefined]);
    expect(mapping.warnings).toHaveLength(2);
    expect(mapping.warnings[0]).toContain('"utm_source"');
    expect(mapping.warnings[1]).toContain('"Channel"');
  });
});

describe("mapHeaders: --map overrides", () => {
  it("lets an override win over a synonym, even from a later column", () => {
    const mapping = mapHeaders(["Email", "Lead Mail"], parseMapOption(["Lead Mail=email"]));
    expect(mapping.fieldIndex).toEqual({ email: 1 });
    expect(mapping.columns[0]?.field).toBeUndefined();
    expect(mapping.columns[0]?.attribute).toBe("Email");
    expect(mapping.columns[1]?.field).toBe("email");
    expect(mapping.warnings).toHaveLength(1);
    expect(mapping.warnings[0]).toMatch(/"Email".*email.*"Lead Mail"/);
  });

  it("moves a synonym column to another field", () => {
    const mapping = mapHeaders(["Email", "Source"], parseMapOption(["Source=campaign"]));
    expect(mapping.fieldIndex).toEqual({ email: 0, campaign: 1 });
    expect(mapping.fieldIndex.source).toBeUndefined();
    expect(mapping.warnings).toEqual([]);
  });

  it("maps an unknown header to a field", () => {
    const mapping = mapHeaders(["Email", "MQL Date"], parseMapOption(["MQL Date=created_at"]));
    expect(mapping.fieldIndex).toEqual({ email: 0, created_at: 1 });
  });

  it("keeps a synonym column as an attribute when mapped to `attribute`", () => {
    const mapping = mapHeaders(
      ["Email", "Work Email", "Status"],
      parseMapOption(["Email=attribute,Status=attribute"]),
    );
    expect(mapping.fieldIndex).toEqual({ email: 1 });
    expect(mapping.columns.map((column) => column.field)).toEqual([undefined, "email", undefined]);
    expect(mapping.columns[2]?.attribute).toBe("Status");
    expect(mapping.warnings).toEqual([]);
  });

  it("matches override headers by their key (case and punctuation insensitive)", () => {
    const mapping = mapHeaders(["Email", "lead_mail"], parseMapOption(["LEAD MAIL=email"]));
    expect(mapping.fieldIndex).toEqual({ email: 1 });
  });

  it("lets the first of two columns explicitly mapped to one field win", () => {
    const mapping = mapHeaders(["A", "B"], parseMapOption(["A=email", "B=email"]));
    expect(mapping.fieldIndex).toEqual({ email: 0 });
    expect(mapping.columns[1]?.field).toBeUndefined();
    expect(mapping.warnings).toHaveLength(1);
  });

  it("throws a MappingError for a --map column the file does not have", () => {
    const run = () => mapHeaders(["Email", "Company"], parseMapOption(["Lead Mail=email"]));
    expect(run).toThrow(MappingError);
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).message).toBe(
        '--map names a column the file does not have ("Lead Mail")',
      );
      expect((error as MappingError).hint).toContain("Email, Company");
    }
  });

  it("lets distinct non-Latin headers be mapped separately", () => {
    const mapping = mapHeaders(
      ["メール", "氏名", "会社"],
      parseMapOption(["メール=email,氏名=name,会社=company"]),
    );
    expect(mapping.fieldIndex).toEqual({ email: 0, name: 1, company: 2 });
  });
});

describe("parseMapOption", () => {
  it.each([
    [["Lead Mail=email"], [["leadmail", "email"]]],
    [["  Lead Mail = EMAIL  "], [["leadmail", "email"]]],
    [
      ["A=email,B=name", "C=attribute"],
      [
        ["a", "email"],
        ["b", "name"],
        ["c", "attribute"],
      ],
    ],
    [["Rating=Attribute"], [["rating", "attribute"]]],
    [["A=email,,", ""], [["a", "email"]]],
    [["x=y=score"], [["xy", "score"]]],
    [["A=email", "A=external_id"], [["a", "external_id"]]],
    [[], []],
  ])("%j → %j", (values, entries) => {
    expect([...parseMapOption(values)].map(([key, override]) => [key, override.field])).toEqual(
      entries,
    );
  });

  it.each(leadFields)("accepts the field %s", (field) => {
    expect(parseMapOption([`Column=${field}`]).get("column")).toEqual({ header: "Column", field });
  });

  it.each([
    ["Lead Mail", /is not Header=field/, /Lead Mail=email/],
    ["=email", /is not Header=field/, /Lead Mail=email/],
    ["Lead Mail=", /is not Header=field/, /Lead Mail=email/],
    ["  =  ", /is not Header=field/, /Lead Mail=email/],
    ["Lead Mail=emial", /unknown field "emial"/, /external_id, email, .*score, or attribute/],
    ["Revenue=amount", /unknown field "amount"/, /or attribute/],
    ["A=email,B=nope", /unknown field "nope"/, /or attribute/],
  ])("rejects %j", (value, message, hint) => {
    let thrown: unknown;
    try {
      parseMapOption([value]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MappingError);
    expect((thrown as MappingError).message).toMatch(message);
    expect((thrown as MappingError).hint).toMatch(hint);
    expect((thrown as MappingError).name).toBe("MappingError");
  });
});

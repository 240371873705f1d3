import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

function csv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(","))
    .join("\n")
    .concat("\n");
}

async function funnel(db: string, ...args: string[]): Promise<string> {
  const result = await runMain(["--db", db, ...args]);
  expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function tables(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe("SQL injection: every value is bound, never spliced into SQL", () => {
  const payloads = [
    "'); DROP TABLE leads;--",
    "Robert'); DROP TABLE students;--",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "1; DELETE FROM reps",
  ] as const;

  it("stores, filters on and shows names that are SQL, with every table still there", async () => {
    const db = temp.path("funnel.db");
    // Rep names that are not the leads' owners: a lead's owner that names a rep becomes its handle.
    const repName = (payload: string) => `rep ${payload}`;
    await funnel(
      db,
      "import",
      "--type",
      "reps",
      temp.write(
        "reps.csv",
        csv([
          ["handle", "name", "role", "team", "territory"],
          ["ana", repName(payloads[0]), "ae", payloads[1], payloads[2]],
          ["liam", repName(payloads[3]), "sdr", payloads[4], "US"],
        ]),
      ),
    );
    const before = tables(db);
    await funnel(
      db,
      "import",
      temp.write(
        "leads.csv",
        csv([
          ["external_id", "email", "first_name", "company", "source", "campaign", "owner", "Notes"],
          ...payloads.map((payload, i) => [
            payload,
            `p${i}@injection.example`,
            payload,
            payload,
            payload,
            payload,
            payload,
            payload,
          ]),
        ]),
      ),
    );
    await funnel(
      db,
      "import",
      "--type",
      "deals",
      temp.write(
        "deals.csv",
        csv([
          ["external_id", "name", "account", "amount", "stage", "owner", "lead"],
          ...payloads.map((payload, i) => [
            payload,
            payload,
            payload,
            String(100 + i),
            "qualification",
            "ana",
            `p${i}@injection.example`,
          ]),
        ]),
      ),
    );

    for (const [i, payload] of payloads.entries()) {
      const bySource = JSON.parse(await funnel(db, "leads", "--source", payload, "--json")) as {
        email: string;
        source: string;
        first_name: string;
      }[];
      expect(bySource.map((lead) => lead.email)).toEqual([`p${i}@injection.example`]);
      expect(bySource[0]?.source).toBe(payload);
      const byOwner = JSON.parse(await funnel(db, "leads", "--owner", payload, "--json")) as {
        owner: string;
      }[];
      expect(byOwner.map((lead) => lead.owner)).toEqual([payload]);
      const lead = JSON.parse(await funnel(db, "lead", "show", payload, "--json")) as {
        external_id: string;
        first_name: string;
        company: string;
        campaign: string;
        attributes: Record<string, string>;
      };
      expect(lead).toMatchObject({
        external_id: payload,
        first_name: payload,
        company: payload,
        campaign: payload,
        attributes: { Notes: payload },
      });
      const deal = JSON.parse(await funnel(db, "deal", "show", payload, "--json")) as {
        name: string;
        account: string;
      };
      expect(deal).toMatchObject({ name: payload, account: payload });
    }
    const reps = JSON.parse(await funnel(db, "rep", "list", "--json")) as {
      name: string;
      team: string | null;
    }[];
    expect(reps.map((rep) => [rep.name, rep.team]).sort()).toEqual(
      [
        [repName(payloads[0]), payloads[1]],
        [repName(payloads[3]), payloads[4]],
      ].sort(),
    );
    // An owner filter that matches nothing must return nothing, not everything.
    expect(JSON.parse(await funnel(db, "leads", "--owner", "' OR 1=1 --", "--json"))).toEqual([]);
    expect(tables(db)).toEqual(before);
    expect(tables(db)).toEqual(expect.arrayContaining(["leads", "reps", "deals", "stage_events"]));
  }, 120_000);
});

describe("exports escape formula cells", () => {
  const values = {
    formula: '=HYPERLINK("http://evil.example","click")',
    dde: "+cmd|' /C calc'!A0",
    at: "@SUM(A1:A9)",
    minus: "-2+3",
    mobile: "+1 555 0100",
    negative: "-12.50",
    quoted: "'=already quoted",
  };
  // A column the import keeps as an attribute: its name is a header cell of the export.
  const headerFormula = '=HYPERLINK("http://evil.example","header")';

  it("prefixes a formula cell with ' in the CSV export and the import takes it off again", async () => {
    const db = temp.path("funnel.db");
    await funnel(
      db,
      "import",
      temp.write(
        "leads.csv",
        csv([
          [
            "email",
            "first_name",
            "last_name",
            "company",
            "title",
            "phone",
            "campaign",
            ...Object.keys(values),
            headerFormula,
          ],
          [
            "f@formula.example",
            values.formula,
            values.dde,
            values.at,
            values.minus,
            values.mobile,
            "\t=1+1",
            ...Object.values(values),
            "under a formula header",
          ],
        ]),
      ),
    );
    const exported = temp.path("export.csv");
    await funnel(db, "export", "leads", "--out", exported);
    const [header, row] = parse(readFileSync(exported, "utf8"), {
      relax_column_count: true,
    }) as string[][];
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell("first_name")).toBe(`'${values.formula}`);
    expect(cell("last_name")).toBe(`'${values.dde}`);
    expect(cell("company")).toBe(`'${values.at}`);
    expect(cell("title")).toBe(`'${values.minus}`);
    expect(cell("phone")).toBe(values.mobile);
    expect(cell("mobile")).toBe(values.mobile);
    // Cells are trimmed on import, so a leading tab or CR never reaches the database; what is
    // left is escaped (the unit tests cover tab and CR at the start of an exported value).
    expect(cell("campaign")).toBe("'=1+1");
    expect(cell("negative")).toBe(values.negative);
    // The import read "'=already quoted" as a spreadsheet's text mark and stored "=already quoted".
    expect(cell("quoted")).toBe(values.quoted);
    // No cell of the file starts a formula, the header's names (attributes' names) included.
    for (const value of [...(header ?? []), ...(row ?? [])]) expect(value).not.toMatch(/^[=@\t\r]/);
    expect(cell(`'${headerFormula}`)).toBe("under a formula header");

    // `leads --format csv` follows the same rule.
    const listed = parse(await funnel(db, "leads", "--format", "csv")) as string[][];
    expect(listed[1]).toContain(`'${values.at}`);
    expect(listed[1]?.find((value) => value.includes("HYPERLINK"))).toMatch(/^'=HYPERLINK/);

    // Import the export into a new database: every value comes back as it was.
    const again = temp.path("again.db");
    await funnel(again, "import", exported);
    const original = JSON.parse(await funnel(db, "lead", "show", "f@formula.example", "--json"));
    const reimported = JSON.parse(
      await funnel(again, "lead", "show", "f@formula.example", "--json"),
    );
    for (const field of ["first_name", "last_name", "company", "title", "phone", "campaign"])
      expect(reimported[field], field).toBe(original[field]);
    expect(reimported.attributes).toEqual(original.attributes);
    expect(original.attributes).toEqual({
      ...values,
      quoted: "=already quoted",
      [headerFormula]: "under a formula header",
    });
  }, 120_000);

  it("imports reps and deals as their CSV exports wrote them: the formula escape comes off", async () => {
    const db = temp.path("escaped.db");
    await funnel(
      db,
      "import",
      temp.write("reps.csv", "handle,name,role,team\nana,=Ana Souza,ae,-East\n"),
      "--type",
      "reps",
    );
    const listed = await funnel(db, "rep", "list", "--format", "csv");
    expect(listed).toContain("ana,'=Ana Souza,ae,'-East,");
    // The list, imported as it is, matches the rep as it is: nothing changes.
    const again = await runMain([
      "--db",
      db,
      "import",
      temp.write("listed.csv", listed),
      "--type",
      "reps",
      "--json",
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const deals = temp.write(
      "deals.csv",
      "Opportunity ID,Sales Agent,Account,Deal Stage,Engage Date,Close Date,Close Value\nD1,ana,'=Acme,Won,2026-10-02,2026-10-20,100\n",
    );
    await funnel(db, "import", deals, "--type", "deals");
    const rep = JSON.parse(await funnel(db, "rep", "show", "ana", "--json"));
    expect({ name: rep.rep.name, team: rep.rep.team }).toEqual({
      name: "=Ana Souza",
      team: "-East",
    });
    const [deal] = JSON.parse(await funnel(db, "deals", "--json"));
    expect(deal.account).toBe("=Acme");
  });
});

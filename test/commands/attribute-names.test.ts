import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

// Headers that name what every JavaScript object has, an empty one and a repeated one: each is
// an attribute like any other. `__proto__` vanished on import while the counts said inserted.
const oddHeaders = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "",
  "Notes",
  "Notes",
];
/** The attribute names the import keeps them under. */
const names = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "column 9",
  "Notes",
  "Notes (2)",
];

/** Runs funnel on one database, expecting success. */
function funnelOn(db: string) {
  return async (...args: string[]) => {
    const result = await runMain(["--db", db, ...args]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
}

const allOf = (prefix: string) =>
  Object.fromEntries(names.map((name, i) => [name, `${prefix}${i}`]));

describe("attribute names that objects have already", () => {
  it("come back from import, export leads and lead show, and merge on re-import", async () => {
    const db = temp.path("funnel.db");
    const funnel = funnelOn(db);
    const header = `email,Company,Title,${oddHeaders.join(",")}\n`;
    const file = temp.write(
      "leads.csv",
      `${header}a@x.example,A Co,CEO,${names.map((_, i) => `a${i}`).join(",")}\n` +
        // A lead with one of them only: the others are no attributes of its, nor Object's.
        `b@x.example,B Co,,,c${",".repeat(names.length - 2)}\n`,
    );
    expect(await funnel("import", file)).toContain(
      "read 2 = inserted 2 + updated 0 + unchanged 0 + rejected 0",
    );

    const exported = JSON.parse(await funnel("export", "leads", "--json")) as {
      email: string;
      attributes: Record<string, string>;
    }[];
    expect(exported.map((lead) => [lead.email, lead.attributes])).toEqual([
      ["a@x.example", allOf("a")],
      ["b@x.example", { constructor: "c" }],
    ]);
    const shown = JSON.parse(await funnel("lead", "show", "a@x.example", "--json"));
    expect(shown.attributes).toEqual(allOf("a"));
    expect(Object.keys(shown.attributes)).toEqual(names);
    expect(await funnel("lead", "show", "a@x.example")).toContain("__proto__");

    const csv = await funnel("export", "leads");
    // Attribute columns come after the lead fields, in the order the database lists them.
    const [columns = "", ...rows] = csv.trimEnd().split("\n");
    const attributeColumns = columns.split(",").slice(-names.length);
    expect([...attributeColumns].sort()).toEqual([...names].sort());
    const attributesOfRow = (row: string) =>
      Object.fromEntries(
        row
          .split(",")
          .slice(-names.length)
          .map((value, i) => [attributeColumns[i], value]),
      );
    expect(rows.map(attributesOfRow)).toEqual([
      allOf("a"),
      { ...Object.fromEntries(names.map((name) => [name, ""])), constructor: "c" },
    ]);

    // What the export wrote imports back as the same leads; a changed value updates the lead.
    const copy = funnelOn(temp.path("copy.db"));
    await copy("import", temp.write("export.csv", csv));
    expect(JSON.parse(await copy("export", "leads", "--json"))).toEqual(
      exported.map((lead) =>
        expect.objectContaining({ email: lead.email, attributes: lead.attributes }),
      ),
    );
    const changed = temp.write(
      "changed.csv",
      `${header}b@x.example,,,${names.map((_, i) => `b${i}`).join(",")}\n`,
    );
    expect(await funnel("import", changed)).toContain("read 1 = inserted 0 + updated 1");
    const updated = JSON.parse(await funnel("lead", "show", "b@x.example", "--json"));
    expect(updated.attributes).toEqual(allOf("b"));
  });

  it("come back from a deals import and deal show, and merge on re-import", async () => {
    const db = temp.path("funnel.db");
    const funnel = funnelOn(db);
    await funnel("rep", "add", "ana", "--name", "Ana", "--role", "ae");
    const deals = (prefix: string) =>
      temp.write(
        `${prefix}.csv`,
        `Opportunity ID,Sales Agent,Deal Stage,${oddHeaders.join(",")}\n` +
          `D1,ana,Prospecting,${names.map((_, i) => `${prefix}${i}`).join(",")}\n`,
      );
    expect(await funnel("import", deals("a"), "--type", "deals")).toContain(
      "read 1 = inserted 1 + updated 0 + unchanged 0 + rejected 0",
    );
    const shown = JSON.parse(await funnel("deal", "show", "D1", "--json"));
    expect(shown.attributes).toEqual(allOf("a"));
    expect(await funnel("import", deals("b"), "--type", "deals")).toContain(
      "read 1 = inserted 0 + updated 1",
    );
    expect(JSON.parse(await funnel("deal", "show", "D1", "--json")).attributes).toEqual(allOf("b"));
    expect(await funnel("deal", "show", "D1")).toContain("constructor");
  });

  it("are named as ignored by a reps import, which keeps no attributes", async () => {
    const db = temp.path("funnel.db");
    const file = temp.write(
      "reps.csv",
      `Name,Role,${oddHeaders.join(",")}\nAna Souza,AE,${names.map((_, i) => `a${i}`).join(",")}\n`,
    );
    const result = await runMain(["--db", db, "import", file, "--type", "reps"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("read 1 = inserted 1 + updated 0 + unchanged 0 + rejected 0");
    expect(result.stderr).toBe("");
    const ignored = result.stdout
      .split("\n")
      .filter((line) => line.endsWith("ignored (not a rep field)"))
      .map((line) => line.trim().split(/ {2,}/)[0]);
    expect(ignored).toEqual([...names.slice(0, 5), "column 8", "Notes", "Notes"]);
  });

  it("are sources like any other in an SLA's targets and its report", async () => {
    const db = temp.path("funnel.db");
    const funnel = funnelOn(db);
    await funnel(
      "import",
      temp.write(
        "leads.csv",
        "Email,Lead Source,Lead Status,Created Date\nq@x.example,constructor,MQL,2026-11-10\nr@x.example,__proto__,MQL,2026-11-11\n",
      ),
    );
    // The target for __proto__ was dropped; a lead source named constructor had a NaN target.
    expect(
      await funnel("sla", "set", "--mql-target", "5", "--source-target", "__proto__=2"),
    ).toContain("by source: __proto__ 2 a month");
    const report = JSON.parse(
      await funnel("report", "sla", "--period", "2026-11", "--as-of", "2026-11-30", "--json"),
    );
    expect(
      report.marketing.sources.map(
        (row: { source: string; target: number | null; delivered: number }) => [
          row.source,
          row.target,
          row.delivered,
        ],
      ),
    ).toEqual([
      ["__proto__", 2, 1],
      ["constructor", null, 1],
    ]);
    const table = await funnel("report", "sla", "--period", "2026-11", "--as-of", "2026-11-30");
    expect(table).not.toContain("NaN");
  });
});

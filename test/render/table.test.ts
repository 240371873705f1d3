import { describe, expect, it } from "vitest";
import type { Column } from "../../src/render/formats.js";
import { displayWidth, shortened, textTable, wrapText } from "../../src/render/table.js";

type Row = { name: string; amount: number; note: string | null };

const columns: Column<Row>[] = [
  { key: "name", header: "name" },
  { key: "amount", header: "amount", align: "right" },
  { key: "note", header: "a long note header" },
];

/** Rows whose widest cells sit in different parts: wide characters, emoji, a long tail. */
const rows: Row[] = Array.from({ length: 45 }, (_, i) => ({
  name: i === 3 ? "東京支社の営業" : i === 17 ? "🚀 rocket co" : `lead ${i}`,
  amount: i === 30 ? 1_234_567 : i,
  note: i === 44 ? "the last row has the longest note of all of them" : i % 2 === 0 ? null : "x",
}));

describe("textTable", () => {
  it("makes each column as wide as its widest cell by display width, two spaces apart", () => {
    const lines = textTable(columns, rows).split("\n");
    // The name column is as wide as 東京支社の営業 (7 wide characters: 14), the amount column
    // as 1234567 (7, right-aligned), two spaces between.
    expect(lines[0]).toBe(`name${" ".repeat(13)}amount  a long note header`);
    expect(lines[4]).toBe("東京支社の営業        3  x");
    expect(lines).toHaveLength(47);
    expect(lines[46]).toBe("");
  });

  it("has its header for an empty table", () => {
    expect(textTable(columns, [])).toBe("name  amount  a long note header\n");
  });
});

describe("displayWidth, shortened and wrapText", () => {
  it.each([
    ["plain", "abc", 3],
    ["wide CJK", "東京", 4],
    ["an emoji", "🚀", 2],
    ["a family (one emoji of joined ones)", "👩‍👩‍👧", 2],
    ["a combining accent", "e\u0301", 1],
    ["styling escapes", "\u001b[1mab\u001b[22m", 2],
    ["a neutralised escape (visible text)", "\\u001b[2J", 9],
  ])("%s", (_, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it("cuts by display width and ends in …, never splitting a character", () => {
    expect(shortened("abcdef", 6)).toBe("abcdef");
    expect(shortened("abcdef", 4)).toBe("abc…");
    expect(shortened("東京支社", 5)).toBe("東京…");
    expect(shortened("東京支社", 4)).toBe("東…");
    expect(shortened("a👩‍👩‍👧b", 3)).toBe("a…");
    for (const width of [1, 2, 3, 4, 5])
      expect(displayWidth(shortened("東京支社の営業", width))).toBeLessThanOrEqual(width);
  });

  it("wraps at spaces, a longer word at the width, and leaves lines that fit", () => {
    expect(wrapText("one two three four", 9)).toBe("one two\nthree\nfour");
    expect(wrapText("tiny\nabcdefghij", 4)).toBe("tiny\nabcd\nefgh\nij");
    expect(wrapText("one two three four", undefined)).toBe("one two three four");
  });
});

describe("textTable on a screen", () => {
  type Lead = { id: number; name: string; email: string; source: string; created: string };
  const leadColumns: Column<Lead>[] = [
    { key: "id", header: "id", align: "right" },
    { key: "name", header: "name" },
    { key: "email", header: "email", priority: 2 },
    { key: "source", header: "source", priority: 1 },
    { key: "created", header: "created", priority: 3 },
  ];
  const leads: Lead[] = [
    {
      id: 1,
      name: "東京支社の営業部長 山田太郎",
      email: "yamada.taro@tokyo-branch.example",
      source: "web",
      created: "2026-10-01",
    },
    { id: 22, name: "Zoë 🚀", email: "zoe@x.example", source: "\u001b[2J", created: "2026-10-02" },
  ];
  const fitted = (width: number) =>
    textTable(leadColumns, leads, {
      screen: { terminal: true, width, colour: false, unicode: true },
    });

  it("is as without a screen when it fits", () => {
    expect(fitted(200)).toBe(textTable(leadColumns, leads));
  });

  it("shortens long text cells with … before leaving a column out", () => {
    const lines = fitted(70).split("\n");
    expect(lines).toEqual([
      "id  name                  email                  source     created",
      " 1  東京支社の営業部長 …  yamada.taro@tokyo-br…  web        2026-10-01",
      // The escape in the data is neutralised before it is measured.
      "22  Zoë 🚀                zoe@x.example          \\u001b[2J  2026-10-02",
      "",
    ]);
  });

  it("leaves out the least important columns first and says which in one line", () => {
    for (const width of [20, 30, 40, 50, 60]) {
      const lines = fitted(width).trimEnd().split("\n");
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      expect(lines[0]?.startsWith("id  name")).toBe(true);
    }
    expect(fitted(60).split("\n").slice(0, 1).concat(fitted(60).split("\n").slice(3))).toEqual([
      "id  name                   email                   source",
      "not shown to fit 60 columns: created (--wide shows them)",
      "",
    ]);
    expect(fitted(40).split("\n")).toEqual([
      "id  name                       source",
      " 1  東京支社の営業部長 山田…   web",
      "22  Zoë 🚀                     \\u001b[2J",
      "not shown to fit 40 columns: email,",
      "created (--wide shows them)",
      "",
    ]);
  });

  it("dims the line on a colour terminal", () => {
    const text = textTable(leadColumns, leads, {
      screen: { terminal: true, width: 50, colour: true, unicode: true },
    });
    expect(text.split("\n")[3]?.startsWith("\u001b[2mnot shown to fit 50 columns: created")).toBe(
      true,
    );
  });

  it("fits nothing with --wide (a screen without a width)", () => {
    expect(
      textTable(leadColumns, leads, {
        screen: { terminal: true, width: undefined, colour: false, unicode: true },
      }),
    ).toBe(textTable(leadColumns, leads));
  });
});

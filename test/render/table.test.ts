import { describe, expect, it } from "vitest";
import type { Column } from "../../src/render/formats.js";
import { textTable } from "../../src/render/table.js";

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

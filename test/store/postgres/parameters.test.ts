import { describe, expect, it } from "vitest";
import { numberParameters, parameterValues } from "../../../src/store/postgres/parameters.js";

describe("the shared modules' parameters as PostgreSQL's $n", () => {
  it.each([
    [
      "SELECT * FROM leads WHERE id = ? AND stage = ?",
      "SELECT * FROM leads WHERE id = $1 AND stage = $2",
    ],
    ["SELECT @from, @to WHERE at >= @from", "SELECT $1, $2 WHERE at >= $1"],
    // Inside literals, quoted names and comments a ? or @ is text.
    [
      "SELECT 'why?', 'a@b.c', \"odd?name\" FROM t WHERE x = ?",
      "SELECT 'why?', 'a@b.c', \"odd?name\" FROM t WHERE x = $1",
    ],
    ["SELECT 'it''s @x?' , @x", "SELECT 'it''s @x?' , $1"],
    ["SELECT 1 -- what @x?\n, ?", "SELECT 1 -- what @x?\n, $1"],
    ["SELECT /* ? */ ?", "SELECT /* ? */ $1"],
  ])("%s", (sql, expected) => {
    expect(numberParameters(sql).text).toBe(expected);
  });

  it("gives the values in the numbers' order, undefined as NULL", () => {
    const named = numberParameters("SELECT @b, @a, @b");
    expect(parameterValues(named, { a: 1, b: "two", unused: 3 })).toEqual(["two", 1]);
    expect(parameterValues(numberParameters("SELECT ?, ?"), [undefined, 2])).toEqual([null, 2]);
  });

  it("refuses a missing value rather than sending NULL in its place", () => {
    expect(() => parameterValues(numberParameters("SELECT @a"), {})).toThrow("@a has no value");
    expect(() => parameterValues(numberParameters("SELECT ?, ?"), [1])).toThrow(
      "takes 2 parameters",
    );
  });
});

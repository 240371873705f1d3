import { describe, expect, it } from "vitest";
import { unescapeFormula, unescapeImportedCell } from "../../src/csv/formula-cells.js";
import { escapeFormula, toCsvLine } from "../../src/render/csv.js";
import { neutraliseControls } from "../../src/render/terminal.js";

describe("toCsvLine", () => {
  it.each([
    [[], "\n"],
    [["a"], "a\n"],
    [["a", "b", "c"], "a,b,c\n"],
    [[1, 2.5, -3, 0], "1,2.5,-3,0\n"],
    [["a", null, "c"], "a,,c\n"],
    [[undefined, "b", undefined], ",b,\n"],
    [["", ""], ",\n"],
    [["Acme, Inc."], '"Acme, Inc."\n'],
    [['say "hi"'], '"say ""hi"""\n'],
    [['"'], '""""\n'],
    [["line 1\nline 2"], '"line 1\nline 2"\n'],
    [["line 1\r\nline 2"], '"line 1\r\nline 2"\n'],
    [["carriage\rreturn"], '"carriage\rreturn"\n'],
    [["semi;colon", "tab\there"], "semi;colon,tab\there\n"],
    [["  padded  "], "  padded  \n"],
    [["Zoë", "東京"], "Zoë,東京\n"],
    [
      ["ada@example.com", 'Ada "The Countess" Lovelace', 42, null, "Paris, FR"],
      'ada@example.com,"Ada ""The Countess"" Lovelace",42,,"Paris, FR"\n',
    ],
  ] as [(string | number | null | undefined)[], string][])("%j → %j", (values, line) => {
    expect(toCsvLine(values)).toBe(line);
  });
});

describe("escapeFormula", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
    ["-2+3", "'-2+3"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-1+SUM(A1)", "'-1+SUM(A1)"],
    ["+A1", "'+A1"],
    // Already starting with an apostrophe: one more, so the import can tell the two apart.
    ["'=already", "''=already"],
    ["''@x", "'''@x"],
    ["@SUM(1+1)", "'@SUM(1+1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["=", "'="],
  ])("neutralises %j → %j", (text, escaped) => {
    expect(escapeFormula(text)).toBe(escaped);
  });

  it.each([
    "",
    "Acme",
    "ada@example.com",
    "a=b",
    "1+1",
    "2026-02-10",
    " leading space",
    // A phone number or a signed number names no function and no cell: kept as it is.
    "+1 555 0100",
    "+44 (20) 7946-0958",
    "-12.50",
    "-",
    "'+1 555 0100",
    "'plain",
    "Zoë",
  ])("leaves %j alone", (text) => {
    expect(escapeFormula(text)).toBe(text);
  });

  it.each([
    "=SUM(A1)",
    "'=SUM(A1)",
    "''=x",
    "+1 555 0100",
    "'+1 555 0100",
    "-2+3",
    "'",
    "''",
    "'plain",
    "@",
    "\t",
    "",
  ])("round-trips %j through escapeFormula and unescapeFormula", (text) => {
    expect(unescapeFormula(escapeFormula(text))).toBe(text);
  });

  it.each([
    ["'=SUM(A1)", "=SUM(A1)"],
    ["'+cmd", "+cmd"],
    ["'+1 555 0100", "'+1 555 0100"],
    ["'plain", "'plain"],
    ["=raw", "=raw"],
  ])("unescapeFormula(%j) → %j", (text, plain) => {
    expect(unescapeFormula(text)).toBe(plain);
  });

  // Shrunk by the import round-trip property: values are stored trimmed, so an apostrophe
  // before white space is never an export's, and padding must not decide what is stored.
  it.each([
    ["'\r\n\u000e", "'\r\n\u000e"],
    ["'\r!", "'\r!"],
    ["'\tx", "'\tx"],
    ["''\r!", "'\r!"],
    ["'=x", "=x"],
    [" '=x", "=x"],
    ["'=x ", "=x"],
    ["\t'=x\r\n", "=x"],
    [" 'plain ", "'plain"],
  ])("unescapeImportedCell(%j) → %j", (cell, plain) => {
    expect(unescapeImportedCell(cell)).toBe(plain);
  });

  it.each(["'\r\n\u000e", "'\r!", "'\tx", "'=x", "=x", "''=x", "'", "'plain", "-2+3"])(
    "imports the export of the stored value %j back as it was",
    (stored) => {
      expect(unescapeImportedCell(escapeFormula(stored))).toBe(stored);
    },
  );

  it("composes with toCsvLine into a quoted, escaped cell", () => {
    expect(toCsvLine([escapeFormula('=cmd|" /C calc"!A0')])).toBe('"\'=cmd|"" /C calc""!A0"\n');
  });
});

describe("neutraliseControls", () => {
  it.each([
    ["\u001b[2J", "\\u001b[2J"],
    ["\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m"],
    ["Ada\u001b]0;title\u0007", "Ada\\u001b]0;title\\u0007"],
    ["\u0000", "\\u0000"],
    ["back\bspace", "back\\u0008space"],
    ["a\u000bb\u000cc", "a\\u000bb\\u000cc"],
    ["carriage\rreturn", "carriage\\u000dreturn"],
    ["del\u007f", "del\\u007f"],
    ["c1\u009b2J", "c1\\u009b2J"],
    ["\u0085next line", "\\u0085next line"],
    ["line\u2028sep\u2029para", "line\\u2028sep\\u2029para"],
    ["abc\u202etxt.exe", "abc\\u202etxt.exe"],
    ["\u2066isolate\u2069", "\\u2066isolate\\u2069"],
    ["mark\u200f\u061c", "mark\\u200f\\u061c"],
    ["tab\tand\nnewline stay", "tab\tand\nnewline stay"],
  ])("%j → %j", (text, shown) => {
    expect(neutraliseControls(text)).toBe(shown);
  });

  it.each([
    "",
    "plain text",
    "tab\tseparated",
    "two\nlines",
    "Zoë Müller, 東京 🎉",
    "\\u001b is already text",
  ])("keeps %j as it is", (text) => {
    expect(neutraliseControls(text)).toBe(text);
  });

  it("leaves no raw control character behind", () => {
    const all = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join("");
    const shown = neutraliseControls(all);
    const leftover = [...shown].filter((char) => {
      const code = char.charCodeAt(0);
      return (code < 0x20 || (code >= 0x7f && code < 0xa0)) && char !== "\t" && char !== "\n";
    });
    expect(leftover).toEqual([]);
    expect(shown).toContain("\t\n");
  });
});

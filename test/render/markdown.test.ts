import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownTable, markdownText } from "../../src/render/formats.js";
import { neutraliseControls } from "../../src/render/terminal.js";
import { runs } from "../helpers/property-runs.js";

/**
 * The text a CommonMark renderer shows for text without markup: backslash escapes of ASCII
 * punctuation and the entities funnel writes, undone.
 */
function shownText(markdown: string): string {
  const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&" };
  return markdown.replace(
    /\\([!-/:-@[-`{-~])|&(lt|gt|amp);/g,
    (_, char: string | undefined, entity: string | undefined) =>
      char ?? entities[entity as string] ?? "",
  );
}

/**
 * The first piece of Markdown syntax left active in `markdown`, if any: what remains once the
 * escapes are taken out (each as a `·`, so that no word is joined and no space appears) may
 * not start or end markup.
 */
function activeSyntax(markdown: string): string | undefined {
  const bare = markdown.replace(/\\[!-/:-@[-`{-~]|&(?:lt|gt|amp);/g, "·");
  return bare.match(
    /[`*~[\]<>|#]|\\$|&#?[A-Za-z0-9]+;|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|^ {0,3}(?:[-+=](?:[-= \t]|$)|\d{1,9}[.)](?:[ \t]|$))/mu,
  )?.[0];
}

describe("markdownText", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"],
    ["![x](http://t.example/p.png)", "!\\[x\\](http://t.example/p.png)"],
    ["<https://t.example>", "&lt;https://t.example&gt;"],
    ["``code``", "\\`\\`code\\`\\`"],
    ["*bold* _em_ __init__", "\\*bold\\* \\_em\\_ \\_\\_init\\_\\_"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["a|b", "a\\|b"],
    ["# heading", "\\# heading"],
    ["> quote", "&gt; quote"],
    ["- item", "\\- item"],
    ["+ item", "\\+ item"],
    ["1. first", "1\\. first"],
    ["2) second", "2\\) second"],
    ["---", "\\---"],
    ["===", "\\==="],
    ["ok\n- item\n3. x", "ok\n\\- item\n3\\. x"],
    ["AT&T &amp; &#x41;", "AT&T &amp;amp; &amp;\\#x41;"],
    ["C:\\temp\\*", "C:\\temp\\\\\\*"],
    ["line end\\", "line end\\\\"],
    ["\u001b[2J\u202eevil", "\\u001b\\[2J\\u202eevil"],
  ])("escapes %j as %j", (data, markdown) => {
    expect(markdownText(data)).toBe(markdown);
  });

  it.each([
    "1,234.50",
    "-12.5",
    "66.7 %",
    "2026-10-01",
    "2026-10-05T00:00:00.000Z",
    "ana.souza@example.com",
    "first_last@example.com",
    "attainment_pct",
    "2026-Q4 × 1/3",
    "revenue won (USD)",
    "Ana Souza (East)",
    "1.5",
    "3 short; web 12 of 20",
  ])("leaves %j as it is", (value) => {
    expect(markdownText(value)).toBe(value);
  });

  it("keeps any text as the text a renderer shows, with no syntax left active", () => {
    const unit = fc.constantFrom(
      ..."`*_~[]()<>&#;|\\!-+=.:/ \t\n1a9Zé🚀\u001b\u202e",
      "&lt;",
      "&#x41;",
      "1.",
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (data) => {
        const markdown = markdownText(data);
        expect(shownText(markdown)).toBe(neutraliseControls(data));
        expect(activeSyntax(markdown)).toBeUndefined();
      }),
      runs(2000),
    );
  });
});

describe("markdownTable", () => {
  it("escapes headers and cells, and keeps a line break in a cell as its own <br>", () => {
    expect(
      markdownTable(
        ["name", "amount"],
        [
          ["<b>Ana</b> | East", "1,234.50"],
          ["two\r\nlines\n- x", "-12.5"],
        ],
        ["left", "right"],
      ),
    ).toBe(
      [
        "| name | amount |",
        "|---|---:|",
        "| &lt;b&gt;Ana&lt;/b&gt; \\| East | 1,234.50 |",
        "| two<br>lines<br>\\- x | -12.5 |",
        "",
      ].join("\n"),
    );
  });
});

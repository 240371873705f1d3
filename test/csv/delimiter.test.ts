import { describe, expect, it } from "vitest";
import { detectDelimiter } from "../../src/csv/sniff.js";

describe("detectDelimiter", () => {
  it.each([
    ["comma", "Email,First Name,Last Name\nada@example.com,Ada,Lovelace\n", ","],
    ["semicolon", "Email;First Name;Last Name\nada@example.com;Ada;Lovelace\n", ";"],
    ["tab", "Email\tFirst Name\tLast Name\nada@example.com\tAda\tLovelace\n", "\t"],
    ["CRLF line ends", "Email;Name;Company\r\nada@example.com;Ada;Acme\r\n", ";"],
    [
      "a quoted header containing commas, separated by semicolons",
      '"Company, Inc.";"Name, Full";"City, State";Email\n"Acme, Inc.";"Ada";"Paris, TX";a@b.io\n',
      ";",
    ],
    [
      "a quoted header containing semicolons, separated by commas",
      '"Notes; misc",Email,Name\nx,a@b.io,Ada\n',
      ",",
    ],
    [
      "a quoted header with a line break inside, separated by semicolons",
      '"Lead\nSource";Email;Name\nweb;a@b.io;Ada\n',
      ";",
    ],
    ["a BOM at the start", "\uFEFFEmail;First Name;Last Name\nada@example.com;Ada;Lovelace\n", ";"],
    ["a BOM before a quoted header", '\uFEFF"Email";"Name, Full";"Company"\n', ";"],
    ["only the header line counts", "Email;Name\na,b,c,d,e,f,g\n", ";"],
    ["more semicolons than commas", "A;B;C,D\n", ";"],
    ["more tabs than commas", "A\tB\tC,D\n", "\t"],
    ["a tie between comma and semicolon", "Email,Name;Company\n", ","],
    ["a tie between comma and tab", "Email\tName,Company\n", ","],
    ["no delimiter at all", "Email\nada@example.com\n", ","],
    ["empty text", "", ","],
    ["only a BOM", "\uFEFF", ","],
  ])("%s", (_name, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

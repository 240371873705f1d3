import { describe, expect, it } from "vitest";
import { contactEmail, isValidEmail, normaliseEmail } from "../../src/domain/email.js";

describe("normaliseEmail", () => {
  it.each([
    ["ada@example.com", "ada@example.com"],
    ["Ada@Example.COM", "ada@example.com"],
    ["  ada@example.com\t", "ada@example.com"],
    [" ADA.LOVELACE+Leads@Example.co.UK ", "ada.lovelace+leads@example.co.uk"],
    ["", ""],
  ])("%j → %j", (value, normalised) => {
    expect(normaliseEmail(value)).toBe(normalised);
  });
});

describe("isValidEmail", () => {
  it.each([
    "ada@example.com",
    "a@b.io",
    "ada.lovelace@example.com",
    "ada+leads@example.com",
    "o'brien@example.ie",
    "first_last@sub.example.co.uk",
    "ada@my-company.com",
    "ada@123.example.com",
    "1234@example.com",
    "ada@example.museum",
  ])("accepts %j", (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    "",
    "n/a",
    "N/A",
    "-",
    "john@",
    "@example.com",
    "John Smith",
    "ada@example",
    "ada@localhost",
    "ada@@example.com",
    "ada@foo@example.com",
    "ada smith@example.com",
    "ada@exa mple.com",
    "<ada@example.com>",
    "Ada Lovelace <ada@example.com>",
    '"ada"@example.com',
    "ada,bob@example.com",
    "ada;bob@example.com",
    "ada@example.c",
    "ada@example.123",
    "ada@example.com.",
    "ada@.example.com",
    "ada@example..com",
    "ada@-example.com",
    "ada@example-.com",
    "ada@exa_mple.com",
    "Ada@Example.com",
    "ada@example.com ",
  ])("rejects %j", (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it("accepts 254 characters and rejects 255", () => {
    const domain = "@example.com";
    const at254 = `${"a".repeat(254 - domain.length)}${domain}`;
    const at255 = `${"a".repeat(255 - domain.length)}${domain}`;
    expect(at254).toHaveLength(254);
    expect(isValidEmail(at254)).toBe(true);
    expect(isValidEmail(at255)).toBe(false);
  });

  it.each([
    [" Ada@Example.COM ", true],
    ["N/A", false],
    ["  john@  ", false],
  ])("normalised %j is valid: %s", (raw, valid) => {
    expect(isValidEmail(normaliseEmail(raw))).toBe(valid);
  });
});

describe("contactEmail", () => {
  it.each([
    ["Maria Gonzalez (maria.gonzalez@globex.example)", "maria.gonzalez@globex.example"],
    ["Maria Gonzalez <Maria@Globex.example>", "maria@globex.example"],
    [" maria@globex.example ", "maria@globex.example"],
    ["Gonzalez, Maria (maria@globex.example)", "maria@globex.example"],
    ["A (a@x.example);B (b@y.example)", "a@x.example"],
    ["Maria Gonzalez", undefined],
    ["Maria (no email)", undefined],
    ["", undefined],
  ])("%j holds %j", (cell, email) => {
    expect(contactEmail(cell)).toBe(email);
  });
});

import { describe, expect, it } from "vitest";
import { Utf8Check } from "../../src/csv/utf8-check.js";

const bytes = (text: string) => Buffer.from(text, "utf8");

/** Feeds `data` in chunks of `size` bytes: every split point of a multi-byte character is tried. */
function check(data: Buffer, size: number): boolean {
  const utf8 = new Utf8Check();
  for (let at = 0; at < data.length; at += size) {
    if (!utf8.push(data.subarray(at, at + size))) return false;
  }
  return utf8.end();
}

describe("Utf8Check", () => {
  const valid = bytes("Email,Name\nann@x.example,João Müller 日本 🎉\n");
  it.each([1, 2, 3, 4, 5, 7, 64])("accepts valid UTF-8 fed in chunks of %i byte(s)", (size) => {
    expect(check(valid, size)).toBe(true);
  });

  it.each([
    ["a lone continuation byte", Buffer.from([0x41, 0x80, 0x41])],
    ["an invalid byte", Buffer.from([0x41, 0xff])],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf])],
    ["a character cut off at the end", Buffer.from([0x41, 0xe6, 0x97])],
    ["a lead byte followed by ASCII", Buffer.from([0xe6, 0x41, 0x41])],
  ])("refuses %s, whatever the chunking", (_name, data) => {
    for (const size of [1, 2, 3, 64]) expect(check(data, size)).toBe(false);
  });
});

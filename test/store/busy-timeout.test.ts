import { describe, expect, it } from "vitest";
import { busyTimeoutMs } from "../../src/store/sqlite/busy-timeout.js";

describe("FUNNEL_BUSY_TIMEOUT_MS", () => {
  it.each([
    [undefined, 5000],
    ["", 5000],
    ["0", 0],
    [" 60000 ", 60_000],
    ["2147483647", 2_147_483_647],
  ])("%j waits %i ms", (text, expected) => {
    expect(busyTimeoutMs({ FUNNEL_BUSY_TIMEOUT_MS: text })).toBe(expected);
  });

  it.each([
    ["5s", /must be a whole number of milliseconds, not "5s"/],
    ["-1", /must be a whole number of milliseconds/],
    ["1.5", /must be a whole number of milliseconds/],
    ["1e3", /must be a whole number of milliseconds/],
    // Past SQLite's C int: the driver would throw "internal error" on every command.
    ["2147483648", /can be at most 2147483647 \(about 24 days\), not 2147483648/],
    ["3000000000", /can be at most 2147483647/],
  ])("refuses %j", (text, message) => {
    expect(() => busyTimeoutMs({ FUNNEL_BUSY_TIMEOUT_MS: text })).toThrow(message);
  });
});

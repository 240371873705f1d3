import { describe, expect, it } from "vitest";
import {
  exactTotal,
  formatMoney,
  minorDigits,
  minorToDecimal,
  parseAmount,
  parseCurrency,
  roundedShare,
  roundHundredths,
  sumAmounts,
  twoDigitCurrencies,
  weightedHundredths,
} from "../../src/domain/money.js";

describe("parseAmount into minor units", () => {
  it.each([
    ["12500", "USD", 1_250_000],
    ["12,500", "USD", 1_250_000],
    ["12,500.00", "USD", 1_250_000],
    ["12,500.5", "USD", 1_250_050],
    ["12.500,00", "EUR", 1_250_000],
    ["1.234.567", "EUR", 123_456_700],
    ["1,234,567.89", "USD", 123_456_789],
    ["12.5k", "USD", 1_250_000],
    ["12.5K", "USD", 1_250_000],
    ["1.2m", "USD", 120_000_000],
    ["2b", "USD", 200_000_000_000],
    ["$12,500", "USD", 1_250_000],
    ["€ 900", "EUR", 90_000],
    ["EUR 900", "EUR", 90_000],
    ["900 eur", "EUR", 90_000],
    ["12 500", "EUR", 1_250_000],
    ["0", "USD", 0],
    ["0.01", "USD", 1],
    ["12,5", "EUR", 1_250],
    ["12.500", "USD", undefined],
    // What real exports write, grouped every way they group (issue 12).
    ["1,234.56", "USD", 123_456],
    ["1.234,56", "EUR", 123_456],
    ["1 234,56", "EUR", 123_456],
    ["1\u00a0234,56", "EUR", 123_456],
    ["1\u202f234,56", "EUR", 123_456],
    ["1\u2009234,56", "EUR", 123_456],
    ["1 234 567", "EUR", 123_456_700],
    ["1'234.56", "CHF", 123_456],
    ["1’234’567.50", "CHF", 123_456_750],
    ["$1,234", "USD", 123_400],
    ["€ 1.234,56", "EUR", 123_456],
    ["1.234,56 €", "EUR", 123_456],
    ["USD 1,234.56", "USD", 123_456],
    ["1,234.56 USD", "USD", 123_456],
    ["1234", "USD", 123_400],
    ["12.5", "USD", 1_250],
    ["25.5k", "USD", 2_550_000],
    ["25.5 k", "USD", 2_550_000],
    ["1.2M", "USD", 120_000_000],
    ["1,5k", "EUR", 150_000],
    ["1,000", "USD", 100_000],
    ["1234.500", "USD", 123_450],
    ["0,5", "EUR", 50],
    ["0.05", "USD", 5],
    ["007", "USD", 700],
    ["90071992547409.91", "USD", Number.MAX_SAFE_INTEGER],
    ["9007199254740991", "JPY", Number.MAX_SAFE_INTEGER],
    // Grouping that is not in threes, and readings that differ by country, are refused.
    ["12 50", "USD", undefined],
    ["1 5k", "USD", undefined],
    ["1'2", "CHF", undefined],
    ["0,500", "EUR", undefined],
    ["0,050", "EUR", undefined],
    ["0.500", "USD", undefined],
    ["1,23.45", "USD", undefined],
    ["1.234 567,00", "EUR", undefined],
    ["1,234'567", "USD", undefined],
    ["12  500", "EUR", undefined],
    ["1 234 56", "EUR", undefined],
    ["0,123,456", "USD", undefined],
    [".5", "USD", undefined],
    ["5.", "USD", undefined],
    ["1,", "USD", undefined],
    ["12500", "JPY", 12_500],
    ["12.5k", "JPY", 12_500],
    ["1.234", "KWD", 1_234],
    ["12.50", "JPY", undefined],
  ])("%j in %s → %s", (text, currency, minor) => {
    const parsed = parseAmount(text, currency);
    if (minor === undefined) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, minor });
  });

  it.each([
    ["", "is not an amount"],
    ["abc", "is not an amount"],
    ["-5", "is negative"],
    ["(5)", "is negative"],
    ["1.2.3", "is not an amount"],
    ["12,50,0", "is not an amount"],
    ["0.0001", "more than 2 decimals"],
    ["12.501", "is ambiguous"],
    ["12.345,678.9", "is not an amount"],
    ["GBP 5", "is in GBP, but this database keeps USD"],
    ["99999999999999999", "too large"],
    ["90071992547409.92", "is too large (at most 90,071,992,547,409.91 USD)"],
    ["90,071,992,547,410", "is too large"],
    ["100000000000000000000", "is too large"],
    ["12 50", '"12 50" is not an amount (digits are grouped in threes: 1,234,567.89)'],
    ["1'2", "grouped in threes"],
    ["1 5k", "grouped in threes"],
    ["0,500", "is ambiguous (0,500 is 0.5 in some countries and 500 in others); write 500 or 0.5"],
    ["0,050", "write 50 or 0.05"],
    ["-1,234.00", "is negative"],
    ["(1,234.00)", "is negative"],
    ["$-5", "is negative"],
    ["1  1", "is not an amount"],
    ["5x", "is not an amount"],
    [
      "12.500",
      "is ambiguous (12.500 is 12.5 in some countries and 12500 in others); write 12500 or 12.5",
    ],
    ["1.000", "write 1000 or 1.0"],
    ["€12", 'amount "€12" is not in USD, this database\'s currency'],
    ["£5", "is not in USD"],
  ])("refuses %j (%s)", (text, why) => {
    const parsed = parseAmount(text, "USD");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.why).toContain(why);
  });
});

describe("currencies", () => {
  it.each([
    ["usd", "USD"],
    [" eur ", "EUR"],
    ["JPY", "JPY"],
    ["XYZ", undefined],
    ["dollars", undefined],
    ["", undefined],
  ])("parseCurrency(%j) → %s", (text, code) => {
    expect(parseCurrency(text)).toBe(code);
  });

  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KWD", 3],
  ])("%s has %i minor digits", (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it("answers the currencies it knows without Intl as Intl does", () => {
    for (const currency of twoDigitCurrencies) {
      const intl = new Intl.NumberFormat("en", { style: "currency", currency });
      expect(minorDigits(currency), currency).toBe(intl.resolvedOptions().maximumFractionDigits);
    }
  });

  it.each([
    [1_250_050, 2, "12,500.50", "12500.5"],
    [0, 2, "0.00", "0"],
    [12_500, 0, "12,500", "12500"],
    [1_234, 3, "1.234", "1.234"],
    [5, 2, "0.05", "0.05"],
    [-125_000, 2, "-1,250.00", "-1250"],
    // Written from the digits: as a double divided by 100, the largest reads ...409.9.
    [Number.MAX_SAFE_INTEGER, 2, "90,071,992,547,409.91", "90071992547409.91"],
    [Number.MAX_SAFE_INTEGER - 1, 2, "90,071,992,547,409.90", "90071992547409.9"],
    [Number.MAX_SAFE_INTEGER, 0, "9,007,199,254,740,991", "9007199254740991"],
    // Fractions of a minor unit (a weighted or pro-rated figure) round half away from zero.
    [12.5, 2, "0.13", "0.13"],
    [-12.5, 2, "-0.13", "-0.13"],
    [-0.4, 2, "0.00", "0"],
    // An estimate past 2^53 (a projection early in a period) still shows every digit.
    [1e21, 2, "10,000,000,000,000,000,000.00", "10000000000000000000"],
  ])("%d minor units with %i digits read %s and %s", (minor, digits, text, decimal) => {
    expect(formatMoney(minor, digits)).toBe(text);
    expect(minorToDecimal(minor, digits)).toBe(decimal);
  });
});

describe("adding amounts", () => {
  const largest = Number.MAX_SAFE_INTEGER;
  const tooLarge =
    "amounts add up to more than 2^53 minor units (90,071,992,547,409.91 USD or EUR), past which totals are not exact";

  it("adds exactly up to 2^53 - 1 minor units, and refuses past them", () => {
    expect(sumAmounts([largest - 2, 1, 1])).toBe(largest);
    expect(sumAmounts([])).toBe(0);
    expect(() => sumAmounts([largest, 1])).toThrow(tooLarge);
    // 2^53 + 1 is no number: the sum rounds to 2^53, which is not exact either.
    expect(() => sumAmounts([largest, 2])).toThrow(tooLarge);
    expect(() => exactTotal(2 ** 53)).toThrow(tooLarge);
  });

  it("weighs by a probability in hundredths, and rounds half up once", () => {
    // As numbers, (2^53 - 1) x 50 / 100 comes out at ...495.36 and rounds down.
    expect(roundHundredths(weightedHundredths(largest, 50))).toBe(4_503_599_627_370_496);
    expect(roundHundredths(weightedHundredths(3, 50) + weightedHundredths(2, 25))).toBe(2);
    expect(roundHundredths(weightedHundredths(1, 49))).toBe(0);
  });

  it("shares a total among a count, to the minor unit, half up", () => {
    expect(roundedShare(largest, 2)).toBe(4_503_599_627_370_496);
    expect(roundedShare(10, 3)).toBe(3);
    expect(roundedShare(11, 2)).toBe(6);
  });
});

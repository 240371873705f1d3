import { formatMoney, minorDigits, minorToDecimal } from "../domain/money.js";
import { ExactNumber } from "./formats.js";
import type { OutputFormat } from "./output-formats.js";

/**
 * How amounts appear: grouped with the currency's decimals for people (table, Markdown),
 * plain decimals for programs (CSV, JSON), so that an export reads back as the same amount.
 * Each is written from the integer minor units, digit for digit.
 */
export function moneyFormatter(
  currency: string,
  format: "table" | "md",
): (minor: number | null) => string | null;
export function moneyFormatter(
  currency: string,
  format: OutputFormat,
): (minor: number | null) => string | ExactNumber | null;
export function moneyFormatter(
  currency: string,
  format: OutputFormat,
): (minor: number | null) => string | ExactNumber | null {
  const digits = minorDigits(currency);
  if (format === "json")
    return (minor) => (minor === null ? null : new ExactNumber(minorToDecimal(minor, digits)));
  if (format === "csv") return (minor) => (minor === null ? null : minorToDecimal(minor, digits));
  return (minor) => (minor === null ? null : formatMoney(minor, digits));
}

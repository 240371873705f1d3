import { formatMoney, minorDigits, minorToDecimal } from "../domain/money.js";
import type { OutputFormat } from "./output-formats.js";

/**
 * How amounts appear: grouped with the currency's decimals for people (table, Markdown),
 * plain decimals for programs (CSV, JSON), so that an export reads back as the same amount.
 */
export function moneyFormatter(
  currency: string,
  format: OutputFormat,
): (minor: number | null) => string | number | null {
  const digits = minorDigits(currency);
  if (format === "json" || format === "csv")
    return (minor) => (minor === null ? null : minorToDecimal(minor, digits));
  return (minor) => (minor === null ? null : formatMoney(minor, digits));
}

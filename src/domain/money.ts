import { UserError } from "../errors.js";

/**
 * Money is kept as integer minor units (cents) in the database's one currency. Amounts are
 * parsed from text exactly, digit by digit, never through floating point; they are added as
 * whole numbers, at most 2^53 - 1 (Number.MAX_SAFE_INTEGER), past which a number is no longer
 * exact; and they are written from their digits.
 */

/** An ISO 4217 code Node knows (Intl), upper-cased; undefined when it is not one. */
export function parseCurrency(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  return Intl.supportedValuesOf("currency").includes(code) ? code : undefined;
}

/**
 * Currencies with two decimals for ISO 4217 and Intl alike, answered without Intl: ICU's first
 * use costs ~20 ms, a good part of a report's own start (test/domain/money.test.ts checks them).
 */
export const twoDigitCurrencies: ReadonlySet<string> = new Set(["USD", "EUR", "GBP"]);

/** Digits after the decimal point in `currency`: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  if (twoDigitCurrencies.has(currency)) return 2;
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

export type AmountParse = { ok: true; minor: number } | { ok: false; why: string };

/** `k`, `m`, `b` after a number: the powers of ten they multiply by. */
const suffixes = new Map([
  ["k", 3],
  ["m", 6],
  ["b", 9],
]);

/** The currencies a symbol may stand for. */
const symbolCurrencies = new Map<string, readonly string[]>([
  ["$", ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "BRL", "ARS", "CLP", "COP"]],
  ["€", ["EUR"]],
  ["£", ["GBP"]],
  ["¥", ["JPY", "CNY"]],
  ["₹", ["INR"]],
]);

/** Where a written number's digits end and its separators begin. */
type Separator = "," | "." | "'" | " ";

/** The separator `char` is, or undefined: `'` and `’` group digits alike, so do all spaces. */
function separatorOf(char: string): Separator | undefined {
  if (char === "," || char === ".") return char;
  if (char === "'" || char === "’") return "'";
  return /\s/.test(char) ? " " : undefined;
}

const isLetter = (char: string | undefined) =>
  char !== undefined && ((char >= "a" && char <= "z") || (char >= "A" && char <= "Z"));

/**
 * Parses `12500`, `12,500.00`, `12.500,00`, `1 234,56`, `1'234.56`, `12.5k`, `$1.2m`,
 * `EUR 900` into minor units of `currency` (another currency's code or symbol is refused).
 * Grouping separators (`,` `.` spaces `'`) stand between groups of exactly three digits after a
 * first group of one to three; the last of `.` and `,` that is not grouping is the decimal
 * point. A lone `,` before three digits groups thousands (`12,500`); a lone `.` so placed
 * (`12.500`), or either after a leading zero (`0,500`), is refused as ambiguous where the
 * currency has fewer than three decimals. Every step is one pass over the text.
 */
export function parseAmount(text: string, currency: string): AmountParse {
  const original = text.trim();
  const notAnAmount: AmountParse = { ok: false, why: `"${original}" is not an amount` };
  const digits = minorDigits(currency);
  // A currency code at either end, apart from any other letters: `EUR 900`, `900eur`.
  let rest = original;
  let written: string | undefined;
  if ([0, 1, 2].every((i) => isLetter(rest[i])) && !isLetter(rest[3])) {
    written = rest.slice(0, 3);
    rest = rest.slice(3).trimStart();
  } else if ([1, 2, 3].every((i) => isLetter(rest[rest.length - i])) && !isLetter(rest.at(-4))) {
    written = rest.slice(-3);
    rest = rest.slice(0, -3).trimEnd();
  }
  if (written !== undefined) {
    const code = parseCurrency(written);
    if (code === undefined) return notAnAmount;
    if (code !== currency)
      return {
        ok: false,
        why: `amount "${original}" is in ${code}, but this database keeps ${currency}`,
      };
  }
  const negative = () => rest.startsWith("-") || rest.startsWith("(");
  if (negative()) return { ok: false, why: `amount "${original}" is negative` };
  const symbol = [rest[0], rest.at(-1)].find((char) => symbolCurrencies.has(char ?? ""));
  if (symbol !== undefined) {
    if (!symbolCurrencies.get(symbol)?.includes(currency))
      return {
        ok: false,
        why: `amount "${original}" is not in ${currency}, this database's currency`,
      };
    rest = (
      rest.startsWith(symbol) ? rest.slice(symbol.length) : rest.slice(0, -symbol.length)
    ).trim();
    if (negative()) return { ok: false, why: `amount "${original}" is negative` };
  }
  const exponent = suffixes.get(rest.at(-1)?.toLowerCase() ?? "");
  if (exponent !== undefined) rest = rest.slice(0, -1).trimEnd();
  const number = readNumber(rest, digits);
  if (number === undefined) return notAnAmount;
  if (number.kind === "misgrouped")
    return {
      ok: false,
      why: `"${original}" is not an amount (digits are grouped in threes: 1,234,567.89)`,
    };
  if (number.kind === "ambiguous") {
    const { grouped, decimal } = number;
    return {
      ok: false,
      why: `amount "${original}" is ambiguous (${rest} is ${decimal} in some countries and ${grouped} in others); write ${grouped} or ${decimal}`,
    };
  }
  const { whole, fraction } = number;
  // Shift the decimal point right by the suffix and the currency's digits.
  const shift = (exponent ?? 0) + digits;
  if (fraction.length > shift && /[1-9]/.test(fraction.slice(shift))) {
    return {
      ok: false,
      why: `amount "${original}" has more than ${digits} decimal${digits === 1 ? "" : "s"}`,
    };
  }
  const minorText = withoutLeadingZeros(`${whole}${fraction.slice(0, shift).padEnd(shift, "0")}`);
  // Past 2^53 a number is no longer exact; 16 digits are checked before any conversion.
  if (minorText.length > 16 || !Number.isSafeInteger(Number(minorText)))
    return {
      ok: false,
      why: `amount "${original}" is too large (at most ${formatMoney(Number.MAX_SAFE_INTEGER, digits)} ${currency})`,
    };
  return { ok: true, minor: Number(minorText) };
}

type WrittenNumber =
  | { kind: "number"; whole: string; fraction: string }
  /** `12.500`: its two readings, as the user would write them to mean one. */
  | { kind: "ambiguous"; grouped: string; decimal: string }
  | { kind: "misgrouped" };

/**
 * The whole and fraction digits of a number written with separators, or why they cannot be
 * told; undefined when it is no number at all.
 */
function readNumber(text: string, digits: number): WrittenNumber | undefined {
  const runs: string[] = [];
  const separators: Separator[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    if (char !== undefined && char >= "0" && char <= "9") continue;
    // Every separator stands between two runs of digits.
    if (i === start) return undefined;
    runs.push(text.slice(start, i));
    if (char === undefined) break;
    const separator = separatorOf(char);
    if (separator === undefined) return undefined;
    separators.push(separator);
    start = i + 1;
  }
  const last = separators.at(-1);
  const lastRun = runs.at(-1) as string;
  const first = runs[0] as string;
  const number = (whole: string, fraction: string) =>
    ({ kind: "number", whole, fraction }) as const;
  if (last === undefined) return number(first, "");
  // The last separator is the decimal point when it is `.` or `,` and differs from the others.
  const decimal =
    (last === "." || last === ",") && separators.some((separator) => separator !== last);
  if (!decimal && separators.length === 1 && (last === "." || last === ",")) {
    // One `.` or `,`: a decimal point, unless three digits follow, which may be a group.
    if (lastRun.length !== 3 || first.length > 3) return number(first, lastRun);
    const leadingGroup = !first.startsWith("0");
    if (digits >= 3 && (last === "." || !leadingGroup)) return number(first, lastRun);
    if (last === "," && leadingGroup) return number(first + lastRun, "");
    return {
      kind: "ambiguous",
      grouped: withoutLeadingZeros(first + lastRun),
      decimal: `${first}.${lastRun.replace(/0+$/, "") || "0"}`,
    };
  }
  const groups = decimal ? runs.slice(0, -1) : runs;
  const groupSeparators = decimal ? separators.slice(0, -1) : separators;
  const grouped =
    first.length <= 3 &&
    !first.startsWith("0") &&
    groups.every((group, index) => index === 0 || group.length === 3) &&
    groupSeparators.every((separator) => separator === groupSeparators[0]);
  if (!grouped) return { kind: "misgrouped" };
  return number(groups.join(""), decimal ? lastRun : "");
}

/** `007` → `7`, `000` → `0`. */
function withoutLeadingZeros(digits: string): string {
  let at = 0;
  while (at < digits.length - 1 && digits[at] === "0") at++;
  return digits.slice(at);
}

/** Refuses a total past 2^53 minor units, beyond which JavaScript cannot add exactly. */
export function totalTooLarge(): UserError {
  return new UserError(
    `amounts add up to more than 2^53 minor units (${formatMoney(Number.MAX_SAFE_INTEGER, 2)} USD or EUR), past which totals are not exact`,
    "report on fewer deals at once: a shorter period, or one team",
  );
}

/** A total of amounts in minor units as it was added up, refused when it is no longer exact. */
export function exactTotal(total: number): number {
  if (!Number.isSafeInteger(total)) throw totalTooLarge();
  return total;
}

/** The sum of amounts in minor units, exactly, or refused (see exactTotal). */
export function sumAmounts(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total = exactTotal(total + amount);
  return total;
}

/**
 * An amount times a probability in %, in hundredths of a minor unit: exact where the product
 * as a number would not be (2^53 cents at 50 %).
 */
export function weightedHundredths(amount: number, percent: number): bigint {
  return BigInt(amount) * BigInt(percent);
}

/** Hundredths of a minor unit, rounded half up to whole minor units. */
export function roundHundredths(hundredths: bigint): number {
  return exactTotal(Number((hundredths + 50n) / 100n));
}

/** A total divided among `count` (an average deal), rounded half up to whole minor units. */
export function roundedShare(total: number, count: number): number {
  return Number((2n * BigInt(total) + BigInt(count)) / (2n * BigInt(count)));
}

/**
 * The sign, whole digits and `digits` fraction digits of an amount in minor units, read off
 * its integer digits (never divided in floating point, which past 10^15 loses the cents).
 * A fraction of a minor unit (a weighted or pro-rated figure) rounds half away from zero.
 */
function decimalParts(minor: number, digits: number): [string, string, string] {
  // BigInt writes every digit of an estimate past 2^53 too (a projection), where String would
  // switch to 1.2e+21.
  const units = BigInt(Math.round(Math.abs(minor)))
    .toString()
    .padStart(digits + 1, "0");
  const sign = minor < 0 && units !== "0".repeat(units.length) ? "-" : "";
  return [sign, units.slice(0, units.length - digits), units.slice(units.length - digits)];
}

/** Minor units as a plain decimal (`12500.5`), for CSV and JSON: exact, without trailing zeros. */
export function minorToDecimal(minor: number, digits: number): string {
  const [sign, whole, fraction] = decimalParts(minor, digits);
  const significant = fraction.replace(/0+$/, "");
  return `${sign}${whole}${significant === "" ? "" : `.${significant}`}`;
}

/** Minor units for people: `12,500.50`, grouped, with the currency's decimals. */
export function formatMoney(minor: number, digits: number): string {
  const [sign, whole, fraction] = decimalParts(minor, digits);
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let at = grouped.length; at < whole.length; at += 3)
    grouped += `,${whole.slice(at, at + 3)}`;
  return `${sign}${grouped}${fraction === "" ? "" : `.${fraction}`}`;
}

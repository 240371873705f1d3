/**
 * Money is kept as integer minor units (cents) in the database's one currency. Amounts are
 * parsed from text exactly, digit by digit, never through floating point.
 */

/** An ISO 4217 code Node knows (Intl), upper-cased; undefined when it is not one. */
export function parseCurrency(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  return Intl.supportedValuesOf("currency").includes(code) ? code : undefined;
}

/** Digits after the decimal point in `currency`: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

export type AmountParse = { ok: true; minor: number } | { ok: false; why: string };

const suffixes: Record<string, number> = { "": 0, k: 3, m: 6, b: 9 };

/** The currencies a symbol may stand for. */
const symbolCurrencies: Record<string, readonly string[]> = {
  $: ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "BRL", "ARS", "CLP", "COP"],
  "€": ["EUR"],
  "£": ["GBP"],
  "¥": ["JPY", "CNY"],
  "₹": ["INR"],
};

/**
 * Parses `12500`, `12,500.00`, `12.500,00`, `12.5k`, `$1.2m`, `EUR 900` into minor units of
 * `currency` (another currency's code or symbol is refused). A lone comma followed by exactly
 * three digits groups thousands (`12,500`); a lone point so followed (`12.500`) is refused as
 * ambiguous where the currency has fewer than three decimals; otherwise the last of `.` and
 * `,` is the decimal point.
 */
export function parseAmount(text: string, currency: string): AmountParse {
  const original = text.trim();
  const digits = minorDigits(currency);
  const code = /^([A-Za-z]{3})\s*|\s*([A-Za-z]{3})$/.exec(original);
  const written = (code?.[1] ?? code?.[2])?.toUpperCase();
  if (written !== undefined && parseCurrency(written) === undefined) {
    return { ok: false, why: `"${original}" is not an amount` };
  }
  if (written !== undefined && written !== currency) {
    return {
      ok: false,
      why: `amount "${original}" is in ${written}, but this database keeps ${currency}`,
    };
  }
  const unspaced = original
    .replace(/^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$/g, "")
    .replace(/[\s\u00a0'’]/g, "");
  const symbol = /^[$€£¥₹]|[$€£¥₹]$/.exec(unspaced)?.[0];
  if (symbol !== undefined && !(symbolCurrencies[symbol] ?? []).includes(currency)) {
    return {
      ok: false,
      why: `amount "${original}" is not in ${currency}, this database's currency`,
    };
  }
  const value = unspaced.replace(/^[$€£¥₹]|[$€£¥₹]$/g, "");
  if (value.startsWith("-") || value.startsWith("(")) {
    return { ok: false, why: `amount "${original}" is negative` };
  }
  const match = /^(\d[\d.,]*)([kmb]?)$/i.exec(value);
  if (match === null) return { ok: false, why: `"${original}" is not an amount` };
  const number = match[1] as string;
  const exponent = suffixes[(match[2] as string).toLowerCase()] as number;
  const split = splitDecimal(number);
  if (split === undefined) return { ok: false, why: `"${original}" is not an amount` };
  const [whole, fraction] = split;
  if (digits < 3 && /^\d+\.\d{3}$/.test(number) && !/^0+$/.test(whole)) {
    return {
      ok: false,
      why: `amount "${original}" is ambiguous (12.500 is 12.5 in some countries and 12500 in others); write ${whole}${fraction} or ${whole}.${fraction.replace(/0+$/, "") || "0"}`,
    };
  }
  // Shift the decimal point right by the suffix and the currency's digits.
  const shift = exponent + digits;
  if (fraction.length > shift && /[1-9]/.test(fraction.slice(shift))) {
    return {
      ok: false,
      why: `amount "${original}" has more than ${digits} decimal${digits === 1 ? "" : "s"}`,
    };
  }
  const minorText = `${whole}${fraction.slice(0, shift).padEnd(shift, "0")}`.replace(
    /^0+(?=\d)/,
    "",
  );
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, why: `amount "${original}" is too large` };
  return { ok: true, minor };
}

/** [whole digits, fraction digits] of a number written with `.`/`,` separators. */
function splitDecimal(number: string): [string, string] | undefined {
  const lastDot = number.lastIndexOf(".");
  const lastComma = number.lastIndexOf(",");
  const grouped = (text: string, separator: string) =>
    new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(text);
  if (lastDot === -1 && lastComma === -1) return [number, ""];
  if (lastDot !== -1 && lastComma !== -1) {
    const decimal = lastDot > lastComma ? "." : ",";
    const thousands = decimal === "." ? "," : ".";
    const at = Math.max(lastDot, lastComma);
    const whole = number.slice(0, at);
    const fraction = number.slice(at + 1);
    if (!/^\d+$/.test(fraction) || !grouped(whole, thousands)) return undefined;
    return [whole.replaceAll(thousands, ""), fraction];
  }
  const separator = lastDot !== -1 ? "." : ",";
  const parts = number.split(separator);
  if (parts.length > 2) {
    return grouped(number, separator) ? [parts.join(""), ""] : undefined;
  }
  const [whole = "", fraction = ""] = parts;
  if (whole === "" || fraction === "" || !/^\d+$/.test(whole)) return undefined;
  // 12,500 groups thousands; 12,5 and 12.500 are decimals.
  if (separator === "," && fraction.length === 3) return [whole + fraction, ""];
  return [whole, fraction];
}

/** Minor units as a plain decimal (`12500.50`), for CSV and JSON. */
export function minorToDecimal(minor: number, digits: number): number {
  return minor / 10 ** digits;
}

/** Minor units for people: `12,500.50`, grouped, with the currency's decimals. */
export function formatMoney(minor: number, digits: number): string {
  return new Intl.NumberFormat("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

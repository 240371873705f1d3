import { parseCurrency } from "../domain/money.js";
import { UserError } from "../errors.js";
import { countDeals } from "../store/deals.js";
import { countQuotas } from "../store/quotas.js";
import { allSettings, databaseCurrency, setSetting } from "../store/settings.js";
import type { ReadTx, Store } from "../store/store.js";

/** Settings kept in the database, with what each accepts. */
const settings: Record<string, { describe: string; parse: (value: string) => string | undefined }> =
  {
    "fiscal-year-start": {
      describe: "the month the fiscal year starts, 1-12 (quarters and years in reports follow it)",
      parse: (value) => (/^(?:[1-9]|1[0-2])$/.test(value.trim()) ? value.trim() : undefined),
    },
    currency: {
      describe:
        "the ISO 4217 code every amount is kept and shown in, e.g. USD, EUR, JPY (set once)",
      parse: parseCurrency,
    },
  };

const defaults: Record<string, string> = { "fiscal-year-start": "1", currency: "USD" };

/** The value `value` gives setting `key`, as it is kept; a clear error for either wrong. */
export function settingValue(key: string, value: string): string {
  // Own settings only: `config set constructor` found Object's own, and crashed.
  const setting = Object.hasOwn(settings, key) ? settings[key] : undefined;
  if (setting === undefined) {
    throw new UserError(
      `unknown setting "${key}"`,
      `settings: ${Object.keys(settings).join(", ")}`,
    );
  }
  const parsed = setting.parse(value);
  if (parsed === undefined)
    throw new UserError(`${key} "${value}" is not valid`, `expected ${setting.describe}`);
  return parsed;
}

/** Sets `key` to a value from settingValue, in one transaction. */
export async function changeSetting(store: Store, key: string, value: string): Promise<void> {
  await store.write(async (tx) => {
    // Amounts are stored in minor units of the currency: another currency would misread them.
    if (
      key === "currency" &&
      value !== (await databaseCurrency(tx)) &&
      (await countDeals(tx)) + (await countQuotas(tx, "revenue")) > 0
    ) {
      throw new UserError(
        `the database keeps amounts in ${await databaseCurrency(tx)} already; the currency is set once`,
        "start a new database (--db) for another currency",
      );
    }
    await setSetting(tx, key, value);
  });
}

export interface SettingShown {
  readonly key: string;
  /** The stored value, else the default. */
  readonly value: string;
  readonly isDefault: boolean;
  readonly describe: string;
}

/** Every setting, in order, with its value and what it means. */
export async function settingsShown(tx: ReadTx): Promise<SettingShown[]> {
  const stored = new Map((await allSettings(tx)).map((row) => [row.key, row.value]));
  return Object.entries(settings).map(([key, setting]) => {
    const value = stored.get(key);
    return {
      key,
      value: value ?? (defaults[key] as string),
      isDefault: value === undefined,
      describe: setting.describe,
    };
  });
}

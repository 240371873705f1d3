import { parseCurrency } from "../domain/money.js";
import { canonical, isTimeZone, processTimeZone } from "../domain/time-zone.js";
import { UserError } from "../errors.js";
import { countDeals } from "../store/deals.js";
import { countQuotas } from "../store/quotas.js";
import { allSettings, databaseCurrency, setSetting } from "../store/settings.js";
import type { ReadTx, Store } from "../store/store.js";

/** Settings kept in the database, with what each accepts. */
const settings: Record<
  string,
  { describe: string; fix: string; parse: (value: string) => string | undefined }
> = {
  "fiscal-year-start": {
    describe: "the month the fiscal year starts, 1-12 (quarters and years in reports follow it)",
    fix: "give the month's number, 1-12 (e.g. 4 for a year starting in April)",
    parse: (value) => (/^(?:[1-9]|1[0-2])$/.test(value.trim()) ? value.trim() : undefined),
  },
  currency: {
    describe: "the ISO 4217 code every amount is kept and shown in, e.g. USD, EUR, JPY (set once)",
    fix: "give a three-letter ISO 4217 code such as USD, EUR or JPY",
    parse: parseCurrency,
  },
  timezone: {
    describe:
      "the team's time zone, e.g. Europe/Lisbon: period edges are its midnights, for everyone (set when the database is created)",
    fix: "give an IANA time zone name such as Europe/Lisbon, America/New_York or UTC",
    parse: (value) => (isTimeZone(value.trim()) ? canonical(value.trim()) : undefined),
  },
};

/** The settings, in order: what `config set` takes and `config export` writes. */
export const settingNames = Object.keys(settings);

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
  if (parsed === undefined) throw new UserError(`${key} "${value}" is not valid`, setting.fix);
  return parsed;
}

/** Sets `key` to a value from settingValue, in one transaction. */
export async function changeSetting(store: Store, key: string, value: string): Promise<void> {
  await store.write(async (tx) => {
    const problem = await settingChangeProblem(tx, key, value);
    if (problem !== undefined)
      throw new UserError(problem, "start a new database (--db) for another currency");
    await setSetting(tx, key, value);
  });
}

/** Why `key` cannot become `value` in this database, or undefined when it can. */
export async function settingChangeProblem(
  tx: ReadTx,
  key: string,
  value: string,
): Promise<string | undefined> {
  // Amounts are stored in minor units of the currency: another currency would misread them.
  if (
    key === "currency" &&
    value !== (await databaseCurrency(tx)) &&
    (await countDeals(tx)) + (await countQuotas(tx, "revenue")) > 0
  )
    return `the database keeps amounts in ${await databaseCurrency(tx)} already; the currency is set once`;
  return undefined;
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
      // A zone is stored when the database is made; a read-only one made before keeps none.
      value: value ?? defaults[key] ?? processTimeZone(),
      isDefault: value === undefined,
      describe: setting.describe,
    };
  });
}

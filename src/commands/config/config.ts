import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { parseCurrency } from "../../domain/money.js";
import { UserError } from "../../errors.js";
import { writePlain } from "../../render/terminal.js";
import { countDeals } from "../../store/deals-store.js";
import { countQuotas } from "../../store/quotas-store.js";
import { allSettings, databaseCurrency, setSetting } from "../../store/settings-store.js";

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

export function runConfigSet(key: string, value: string, context: CommandContext): void {
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
  withDatabase(context, (db) =>
    db
      .transaction(() => {
        // Amounts are stored in minor units of the currency: another currency would misread them.
        if (
          key === "currency" &&
          parsed !== databaseCurrency(db) &&
          countDeals(db) + countQuotas(db, "revenue") > 0
        ) {
          throw new UserError(
            `the database keeps amounts in ${databaseCurrency(db)} already; the currency is set once`,
            "start a new database (--db) for another currency",
          );
        }
        setSetting(db, key, parsed);
      })
      .immediate(),
  );
  writePlain(context.stdout, `${key} = ${parsed}\n`);
}

export function runConfigShow(context: CommandContext): void {
  const stored = new Map(withDatabase(context, allSettings).map((row) => [row.key, row.value]));
  for (const [key, setting] of Object.entries(settings)) {
    writePlain(
      context.stdout,
      `${key} = ${stored.get(key) ?? `${defaults[key]} (default)`}  # ${setting.describe}\n`,
    );
  }
}

import { changeSetting, settingsShown, settingValue } from "../../app/settings.js";
import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { writePlain } from "../../render/terminal.js";

export function runConfigSet(key: string, value: string, context: CommandContext): void {
  // Checked before the database is opened: a typo creates no database.
  const parsed = settingValue(key, value);
  withDatabase(context, (db) => changeSetting(db, key, parsed));
  writePlain(context.stdout, `${key} = ${parsed}\n`);
}

export function runConfigShow(context: CommandContext): void {
  for (const setting of withDatabase(context, settingsShown)) {
    writePlain(
      context.stdout,
      `${setting.key} = ${setting.value}${setting.isDefault ? " (default)" : ""}  # ${setting.describe}\n`,
    );
  }
}

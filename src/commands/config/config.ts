import { changeSetting, settingsShown, settingValue } from "../../app/settings.js";
import type { CommandContext } from "../../cli/context.js";
import { readStore, withStore } from "../../cli/with-store.js";
import { writePlain } from "../../render/terminal.js";

export async function runConfigSet(
  key: string,
  value: string,
  context: CommandContext,
): Promise<void> {
  // Checked before the database is opened: a typo creates no database.
  const parsed = settingValue(key, value);
  await withStore(context, (store) => changeSetting(store, key, parsed));
  writePlain(context.stdout, `${key} = ${parsed}\n`);
}

export async function runConfigShow(context: CommandContext): Promise<void> {
  for (const setting of await readStore(context, settingsShown)) {
    writePlain(
      context.stdout,
      `${setting.key} = ${setting.value}${setting.isDefault ? " (default)" : ""}  # ${setting.describe}\n`,
    );
  }
}

import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";

/** `funnel config set|show`. */
export const wiring: CommandGroup["wiring"] = {
  config(config, context) {
    config
      .command("set")
      .description("change a setting (fiscal-year-start, currency)")
      .argument("<key>", "setting name")
      .argument("<value>", "new value")
      .action(async (key: string, value: string, _options, command: Command) => {
        const { runConfigSet } = await import("./config.js");
        await runConfigSet(key, value, context(command));
      });
    config
      .command("show")
      .description("every setting and its value")
      .action(async (_options, command: Command) => {
        const { runConfigShow } = await import("./config.js");
        await runConfigShow(context(command));
      });
  },
};

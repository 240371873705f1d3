import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";

/** `funnel demo`. */
export const wiring: CommandGroup["wiring"] = {
  demo(demo, context) {
    demo.action(async (_options, command: Command) => {
      const { runDemo } = await import("./demo.js");
      await runDemo({}, context(command));
    });
  },
};

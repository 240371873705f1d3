import type { Command } from "../../cli/commander.js";
import { Argument } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";
import { completionScripts, type Shell, shells } from "../../completion/scripts.js";

/** `funnel completion bash|zsh|fish` and the hidden `funnel __complete -- WORDS...` it calls. */
export const wiring: CommandGroup["wiring"] = {
  completion(completion, context) {
    completion
      .addArgument(new Argument("<shell>", "the shell: bash, zsh or fish").choices(shells))
      .action((shell: Shell, _options, command: Command) => {
        context(command).stdout.write(completionScripts[shell]);
      });
    addExamples(
      completion,
      "funnel completion bash > ~/.local/share/bash-completion/completions/funnel",
      "funnel completion fish > ~/.config/fish/completions/funnel.fish",
    );
  },
  __complete(complete, context) {
    complete
      .argument("[words...]")
      .helpOption(false)
      .allowUnknownOption()
      .action(async (words: string[], _options, command: Command) => {
        // A shell calls this on every <TAB>: whatever fails, it prints nothing and exits 0.
        try {
          const { printCandidates } = await import("./complete-command.js");
          await printCandidates(words, command, context);
        } catch {}
      });
  },
};

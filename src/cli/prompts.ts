import { UserError } from "../errors.js";
import type { Input } from "./context.js";

/**
 * The one way funnel asks questions. It refuses without a terminal, naming the flags that
 * answer instead, and loads the prompt library only when a question is really asked.
 */
export interface PromptStreams {
  /** None: no terminal to ask on. */
  readonly input: Input | undefined;
  readonly output: NodeJS.WritableStream;
}

export interface Prompter {
  select<T extends string>(
    message: string,
    choices: readonly { name: string; value: T }[],
  ): Promise<T>;
  input(message: string): Promise<string>;
  /** A yes/no question; no unless answered yes. */
  confirm(message: string): Promise<boolean>;
}

export function requireTerminal(streams: PromptStreams, scriptedForm: string): void {
  if (streams.input?.isTTY !== true) {
    throw new UserError(
      "this command asks questions and needs a terminal",
      `without one, use: ${scriptedForm}`,
    );
  }
}

export function createPrompter(streams: PromptStreams): Prompter {
  const context = { input: streams.input, output: streams.output };
  return {
    async select(message, choices) {
      const { select } = await import("@inquirer/prompts");
      return select({ message, choices: [...choices] }, context);
    },
    async input(message) {
      const { input } = await import("@inquirer/prompts");
      return input({ message }, context);
    },
    async confirm(message) {
      const { confirm } = await import("@inquirer/prompts");
      return confirm({ message, default: false }, context);
    },
  };
}

/** Whether an error is the prompt library's Ctrl-C. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === "ExitPromptError";
}

import { questionsProblem } from "../../app/configuration.js";
import { qualifyLead } from "../../app/qualify.js";
import { loadConfiguration } from "../../cli/config-file.js";
import type { CommandContext } from "../../cli/context.js";
import { atOption } from "../../cli/period-options.js";
import { createPrompter, type PromptStreams, requireTerminal } from "../../cli/prompts.js";
import { withStore } from "../../cli/with-store.js";
import type { Stage } from "../../domain/stages.js";
import { InterruptedError, UsageError, UserError } from "../../errors.js";
import { writePlain } from "../../render/terminal.js";
import { leadsAwaitingDecision } from "../../store/leads.js";
import {
  bantQuestions,
  type Question,
  runQualifySession,
  savedDecisionLine,
} from "./qualify-session.js";

interface QualifyOptions {
  as?: Stage;
  reason?: string;
  note?: string;
  sales?: boolean;
  limit?: number;
  config?: string;
  by?: string;
  at?: string;
}

const scriptedForm = "funnel qualify <lead> --as mql|sql|disqualified [--reason ...] [--note ...]";

export async function runQualify(
  reference: string | undefined,
  options: QualifyOptions,
  context: CommandContext,
  streams: PromptStreams = { input: context.stdin, output: context.stdout },
): Promise<void> {
  const actor = options.by ?? "qualify";
  if (reference !== undefined) {
    if (options.as === undefined)
      throw new UsageError(`say the outcome with --as; ${scriptedForm}`);
    const decision = {
      as: options.as,
      reason: options.reason,
      note: options.note,
      actor,
      at: atOption(options.at),
    };
    const result = await withStore(context, (store) => qualifyLead(store, reference, decision));
    writePlain(context.stdout, savedDecisionLine(result));
    return;
  }
  if (options.as !== undefined || options.at !== undefined)
    throw new UsageError(
      `${options.as !== undefined ? "--as" : "--at"} needs the lead it decides on: funnel qualify <lead> --as ...`,
    );
  requireTerminal(streams, scriptedForm);
  const questions = await loadQuestions(options.config, context);
  const write = (text: string) => streams.output.write(text);
  const result = await withStore(context, async (store) => {
    const leads = await store.read((tx) =>
      leadsAwaitingDecision(tx, options.sales === true ? "sal" : "lead", options.limit),
    );
    if (leads.length === 0) return undefined;
    return runQualifySession(
      store,
      leads,
      { sales: options.sales === true, questions, actor, now: () => new Date() },
      createPrompter(streams),
      write,
    );
  });
  if (result === undefined) {
    writePlain(
      context.stdout,
      `No leads at ${options.sales === true ? "sal" : "lead"} wait for a decision.\n`,
    );
    return;
  }
  const byStage = new Map<string, number>();
  for (const decision of result.decided)
    byStage.set(decision.to, (byStage.get(decision.to) ?? 0) + 1);
  const parts = [...byStage].map(([stage, count]) => `${count} ${stage}`);
  const summary = `Decided ${result.decided.length} lead(s)${parts.length > 0 ? ` (${parts.join(", ")})` : ""}; ${result.skipped} skipped`;
  if (result.interrupted)
    throw new InterruptedError(`interrupted; ${summary.toLowerCase()}, all saved`);
  writePlain(context.stdout, `${summary}\n`);
}

async function loadQuestions(
  option: string | undefined,
  context: CommandContext,
): Promise<readonly Question[]> {
  const { config, source } = await loadConfiguration(option, context, "qualification");
  const problem = questionsProblem(config.qualification);
  if (problem !== undefined)
    throw new UserError(`${source}: ${problem}`, 'e.g. ["Budget?", "Timeline?"]');
  const questions = (config.qualification as { questions?: string[] } | undefined)?.questions;
  if (questions === undefined) return bantQuestions;
  return questions.map((text, index) => ({ key: `q${index + 1}`, text }));
}

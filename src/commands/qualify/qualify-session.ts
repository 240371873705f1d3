import { qualifyLead } from "../../app/qualify.js";
import type { Prompter } from "../../cli/prompts.js";
import { isPromptExit } from "../../cli/prompts.js";
import type { Stage } from "../../domain/stages.js";
import { neutraliseControls } from "../../render/terminal.js";
import type { StoredLead } from "../../store/leads.js";
import type { Store } from "../../store/store.js";

export interface Question {
  readonly key: string;
  readonly text: string;
}

/** BANT: budget, authority, need, timeline. Replace with `qualification.questions` in the config. */
export const bantQuestions: readonly Question[] = [
  { key: "budget", text: "Budget: is there money for this, and roughly how much?" },
  { key: "authority", text: "Authority: does this person decide, or who does?" },
  { key: "need", text: "Need: what problem do they need solved?" },
  { key: "timeline", text: "Timeline: when do they want it in place?" },
];

export const disqualifyReasons = [
  "no budget",
  "not a decision maker",
  "no need",
  "bad timing",
  "went with a competitor",
  "student or job seeker",
  "spam or fake",
] as const;

/** The line each saved decision prints, in a session and from the scripted form alike. */
export function savedDecisionLine(decision: { lead: { id: number }; from: Stage; to: Stage }) {
  return `#${decision.lead.id} ${decision.from} -> ${decision.to}, saved\n`;
}

export interface SessionResult {
  readonly decided: { leadId: number; to: Stage }[];
  readonly skipped: number;
  readonly interrupted: boolean;
  readonly quit: boolean;
}

/**
 * Walks leads one at a time: shows a card, asks the questions, then the outcome. Each decision
 * is saved as soon as it is taken, so Ctrl-C (or quit) loses only the lead on screen.
 */
export async function runQualifySession(
  store: Store,
  leads: readonly StoredLead[],
  options: { sales: boolean; questions: readonly Question[]; actor: string; now: () => Date },
  prompter: Prompter,
  write: (text: string) => void,
): Promise<SessionResult> {
  const decided: { leadId: number; to: Stage }[] = [];
  let skipped = 0;
  const promote: Stage = options.sales ? "sql" : "mql";
  try {
    for (const [index, lead] of leads.entries()) {
      write(`\n${card(lead, index + 1, leads.length)}`);
      const answers: Record<string, string> = {};
      for (const question of options.questions) {
        const answer = (await prompter.input(question.text)).trim();
        if (answer !== "") answers[question.key] = answer;
      }
      const outcome = await prompter.select("Outcome", [
        { name: `${promote.toUpperCase()}: qualified`, value: promote },
        { name: "Disqualify", value: "disqualified" as Stage },
        { name: "Skip for now", value: "skip" },
        { name: "Quit (decisions so far are saved)", value: "quit" },
      ] as { name: string; value: Stage | "skip" | "quit" }[]);
      if (outcome === "quit") return { decided, skipped, interrupted: false, quit: true };
      if (outcome === "skip") {
        skipped++;
        continue;
      }
      let reason: string | undefined;
      if (outcome === "disqualified") {
        const picked = await prompter.select("Reason", [
          ...disqualifyReasons.map((text) => ({ name: text, value: text as string })),
          { name: "Other (type it)", value: "" },
        ]);
        reason = picked === "" ? await prompter.input("Reason") : picked;
      }
      const note = await prompter.input("Note (optional)");
      const saved = await qualifyLead(store, String(lead.id), {
        as: outcome,
        reason,
        note,
        answers,
        actor: options.actor,
        at: options.now(),
      });
      write(savedDecisionLine(saved));
      decided.push({ leadId: lead.id, to: outcome });
    }
  } catch (error) {
    if (isPromptExit(error)) return { decided, skipped, interrupted: true, quit: false };
    throw error;
  }
  return { decided, skipped, interrupted: false, quit: false };
}

function card(lead: StoredLead, position: number, total: number): string {
  const line = (label: string, value: string | number | null) =>
    value === null || value === ""
      ? ""
      : `  ${neutraliseControls(label.padEnd(9))} ${neutraliseControls(String(value))}\n`;
  const attributes = Object.entries(lead.attributes)
    .map(([key, value]) => line(key, value))
    .join("");
  return (
    `Lead ${position} of ${total}: #${lead.id} ${neutraliseControls(String(lead.name ?? lead.email ?? lead.external_id))}\n` +
    line("email", lead.email) +
    line("company", lead.company) +
    line("title", lead.title) +
    line("source", lead.source) +
    line("country", lead.country) +
    line("score", lead.score) +
    line("stage", lead.stage) +
    attributes
  );
}

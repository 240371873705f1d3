/**
 * The deal pipeline: open stages in order with their win probabilities, then the two closed
 * stages `won` (100 %) and `lost` (0 %). Configurable in funnel.config.json:
 *
 *   "pipeline": {
 *     "stages": { "discovery": 10, "demo": 30, "proposal": 60, "negotiation": 80 },
 *     "stageNames": { "Engaging": "demo", "Closed Won": "won" },
 *     "staleDays": { "proposal": 14, "default": 21 }
 *   }
 *
 * `staleDays`: an open deal with no stage change for longer than this many days is stale
 * (per stage; "default" for the stages not named; 30 when not set). A bare number sets it
 * for every stage.
 */

export const closedStages = ["won", "lost"] as const;
export type ClosedStage = (typeof closedStages)[number];

export interface PipelineStage {
  readonly name: string;
  /** Chance of winning, 0-100. */
  readonly probability: number;
}

export interface Pipeline {
  /** Open stages, in order. */
  readonly stages: readonly PipelineStage[];
  /** CRM stage names (by `stageKey`) and the stage they mean. */
  readonly names: ReadonlyMap<string, string>;
  /** Days without a stage change after which an open deal is stale. */
  readonly staleDays: StaleDays;
}

export interface StaleDays {
  /** For stages without their own threshold. */
  readonly default: number;
  readonly byStage: ReadonlyMap<string, number>;
}

/** Stale after 30 idle days when the config says nothing. */
export const defaultStaleDays = 30;

export const defaultStages: readonly PipelineStage[] = [
  { name: "prospecting", probability: 10 },
  { name: "qualification", probability: 20 },
  { name: "proposal", probability: 50 },
  { name: "negotiation", probability: 75 },
];

/**
 * How CRMs write the default stages and the closed ones: Salesforce's and Zoho's default
 * opportunity stages, HubSpot's default deal stages, Pipedrive's default pipeline (Lead In,
 * Contact Made, Demo Scheduled, Proposal Made, Negotiations Started; won and lost are its status).
 */
const builtInNames: Record<string, string> = {
  won: "won",
  closedwon: "won",
  win: "won",
  booked: "won",
  signed: "won",
  lost: "lost",
  closedlost: "lost",
  closedlosttocompetition: "lost",
  dead: "lost",
  nodecision: "lost",
  prospecting: "prospecting",
  prospect: "prospecting",
  discovery: "prospecting",
  new: "prospecting",
  appointmentscheduled: "prospecting",
  leadin: "prospecting",
  qualification: "qualification",
  qualify: "qualification",
  qualified: "qualification",
  qualifiedtobuy: "qualification",
  needsanalysis: "qualification",
  contactmade: "qualification",
  proposal: "proposal",
  proposalpricequote: "proposal",
  presentationscheduled: "proposal",
  quote: "proposal",
  demoscheduled: "proposal",
  proposalmade: "proposal",
  negotiation: "negotiation",
  negotiationreview: "negotiation",
  contractsent: "negotiation",
  decisionmakerboughtin: "negotiation",
  commit: "negotiation",
  negotiationsstarted: "negotiation",
};

export const defaultPipeline: Pipeline = pipelineOf(defaultStages, {});

/** A stage name as it is compared: letters and digits only, lower-case. */
export function stageKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** `Value Proposition` → `value-proposition`: how an unknown open stage is stored. */
function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function pipelineOf(
  stages: readonly PipelineStage[],
  names: Record<string, string>,
  staleDays: StaleDays = { default: defaultStaleDays, byStage: new Map() },
): Pipeline {
  const map = new Map<string, string>();
  for (const [name, stage] of Object.entries(builtInNames)) {
    if (closedStages.includes(stage as ClosedStage) || stages.some((s) => s.name === stage))
      map.set(name, stage);
  }
  for (const stage of stages) map.set(stageKey(stage.name), stage.name);
  for (const [name, stage] of Object.entries(names)) map.set(stageKey(name), stage);
  return { stages, names: map, staleDays };
}

/** Idle days after which an open deal at `stage` is stale (any stage, known or not). */
export function staleDaysOf(stage: string, pipeline: Pipeline): number {
  return pipeline.staleDays.byStage.get(stage) ?? pipeline.staleDays.default;
}

export function isClosedStage(stage: string): stage is ClosedStage {
  return stage === "won" || stage === "lost";
}

/**
 * The stage a written name means: a pipeline stage, `won` or `lost` (`known`), or an open
 * stage the pipeline does not know, kept under its own name (`known: false`).
 */
export function resolveDealStage(
  text: string,
  pipeline: Pipeline,
): { stage: string; known: boolean } | undefined {
  const key = stageKey(text);
  if (key === "") return undefined;
  const stage = pipeline.names.get(key);
  if (stage !== undefined) return { stage, known: true };
  return { stage: slug(text), known: false };
}

/** The win probability of a stage (0-100); undefined for a stage the pipeline does not know. */
export function stageProbability(stage: string, pipeline: Pipeline): number | undefined {
  if (stage === "won") return 100;
  if (stage === "lost") return 0;
  return pipeline.stages.find((s) => s.name === stage)?.probability;
}

/** The `pipeline` section of a config (absent: the default pipeline), or what is wrong with it. */
export function parsePipelineConfig(config: unknown): Pipeline | { error: string } {
  const section = (config as { pipeline?: unknown } | null)?.pipeline;
  if (section === undefined) return defaultPipeline;
  if (typeof section !== "object" || section === null || Array.isArray(section))
    return { error: 'pipeline must be an object with "stages" and "stageNames"' };
  const {
    stages: rawStages,
    stageNames: rawNames,
    staleDays: rawStaleDays,
    ...rest
  } = section as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined)
    return { error: `pipeline.${unknownKey} is not a setting (stages, stageNames, staleDays)` };
  let stages = defaultStages;
  if (rawStages !== undefined) {
    if (typeof rawStages !== "object" || rawStages === null || Array.isArray(rawStages))
      return { error: 'pipeline.stages must map stage names to probabilities: { "demo": 30 }' };
    const entries = Object.entries(rawStages);
    if (entries.length === 0) return { error: "pipeline.stages needs at least one open stage" };
    const parsed: PipelineStage[] = [];
    for (const [name, probability] of entries) {
      const stored = slug(name);
      if (stored === "" || stored !== name)
        return {
          error: `pipeline stage "${name}" must be lower-case letters, digits and dashes (e.g. "${stored || "demo"}")`,
        };
      if (isClosedStage(name))
        return {
          error: `pipeline.stages lists "${name}", which is always there (won 100, lost 0)`,
        };
      if (typeof probability !== "number" || !Number.isInteger(probability))
        return { error: `pipeline.stages.${name} must be a whole percentage, 0-100` };
      if (probability < 0 || probability > 100)
        return { error: `pipeline.stages.${name} is ${probability}; a probability is 0-100` };
      parsed.push({ name, probability });
    }
    stages = parsed;
  }
  const names: Record<string, string> = {};
  if (rawNames !== undefined) {
    if (typeof rawNames !== "object" || rawNames === null || Array.isArray(rawNames))
      return { error: 'pipeline.stageNames must map CRM names to stages: { "Closed Won": "won" }' };
    for (const [name, stage] of Object.entries(rawNames)) {
      if (
        typeof stage !== "string" ||
        !(isClosedStage(stage) || stages.some((known) => known.name === stage))
      ) {
        return {
          error: `pipeline.stageNames."${name}" must be one of ${[...stages.map((s) => s.name), ...closedStages].join(", ")}`,
        };
      }
      names[name] = stage;
    }
  }
  const staleDays = parseStaleDays(rawStaleDays, stages);
  if ("error" in staleDays) return staleDays;
  return pipelineOf(stages, names, staleDays);
}

/** `"staleDays": 21` or `{ "proposal": 14, "default": 21 }`: whole days, at least 1. */
function parseStaleDays(
  raw: unknown,
  stages: readonly PipelineStage[],
): StaleDays | { error: string } {
  const days = (value: unknown, where: string): number | { error: string } =>
    typeof value === "number" && Number.isInteger(value) && value >= 1
      ? value
      : {
          error: `${where} must be a whole number of days, 1 or more (got ${JSON.stringify(value)})`,
        };
  if (raw === undefined) return { default: defaultStaleDays, byStage: new Map() };
  if (typeof raw === "number") {
    const all = days(raw, "pipeline.staleDays");
    return typeof all === "number" ? { default: all, byStage: new Map() } : all;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return {
      error:
        'pipeline.staleDays must be a number of days or map stages to days: { "proposal": 14, "default": 21 }',
    };
  let fallback = defaultStaleDays;
  const byStage = new Map<string, number>();
  for (const [name, value] of Object.entries(raw)) {
    const parsed = days(value, `pipeline.staleDays.${name}`);
    if (typeof parsed !== "number") return parsed;
    if (name === "default" && !stages.some((stage) => stage.name === name)) fallback = parsed;
    else if (stages.some((stage) => stage.name === name)) byStage.set(name, parsed);
    else
      return {
        error: `pipeline.staleDays."${name}" is not an open stage; use one of ${stages.map((s) => s.name).join(", ")} or "default"`,
      };
  }
  return { default: fallback, byStage };
}

import { describe, expect, it } from "vitest";
import {
  defaultPipeline,
  isClosedStage,
  type Pipeline,
  parsePipelineConfig,
  resolveDealStage,
  stageProbability,
  staleDaysOf,
} from "../../src/domain/pipeline.js";

describe("resolveDealStage with the default pipeline", () => {
  it.each([
    ["Closed Won", "won", true],
    ["closed-won", "won", true],
    ["Won", "won", true],
    ["Closed Lost", "lost", true],
    ["LOST", "lost", true],
    ["Prospecting", "prospecting", true],
    ["Qualification", "qualification", true],
    ["Proposal/Price Quote", "proposal", true],
    ["Negotiation/Review", "negotiation", true],
    // Zoho's default stages: a loss to a competitor is a loss, not an open stage.
    ["Closed-Lost to Competition", "lost", true],
    // HubSpot's default deal stages.
    ["Appointment Scheduled", "prospecting", true],
    ["Contract Sent", "negotiation", true],
    // Pipedrive's default pipeline.
    ["Lead In", "prospecting", true],
    ["Contact Made", "qualification", true],
    ["Demo Scheduled", "proposal", true],
    ["Proposal Made", "proposal", true],
    ["Negotiations Started", "negotiation", true],
    ["Engaging", "engaging", false],
    ["Value Proposition", "value-proposition", false],
    ["constructor", "constructor", false],
  ])("%j → %s (known: %s)", (text, stage, known) => {
    expect(resolveDealStage(text, defaultPipeline)).toEqual({ stage, known });
  });

  it("has nothing to resolve in a blank", () => {
    expect(resolveDealStage("  ", defaultPipeline)).toBeUndefined();
  });
});

describe("stage probabilities", () => {
  it.each([
    ["prospecting", 10],
    ["qualification", 20],
    ["proposal", 50],
    ["negotiation", 75],
    ["won", 100],
    ["lost", 0],
    ["engaging", undefined],
  ])("%s → %s", (stage, probability) => {
    expect(stageProbability(stage, defaultPipeline)).toBe(probability);
  });

  it("knows which stages are closed", () => {
    expect(["won", "lost", "proposal"].map(isClosedStage)).toEqual([true, true, false]);
  });
});

describe("parsePipelineConfig", () => {
  it("gives the default pipeline without a pipeline section", () => {
    expect(parsePipelineConfig({ scoring: {} })).toBe(defaultPipeline);
  });

  it("reads stages in order, with probabilities and names", () => {
    const pipeline = parsePipelineConfig({
      pipeline: {
        stages: { discovery: 10, demo: 30, "final-review": 80 },
        stageNames: { Engaging: "demo", "Signed Contract": "won" },
      },
    }) as Pipeline;
    expect(pipeline.stages.map((stage) => stage.name)).toEqual([
      "discovery",
      "demo",
      "final-review",
    ]);
    expect(resolveDealStage("Engaging", pipeline)).toEqual({ stage: "demo", known: true });
    expect(resolveDealStage("signed contract", pipeline)).toEqual({ stage: "won", known: true });
    expect(resolveDealStage("Final Review", pipeline)).toEqual({
      stage: "final-review",
      known: true,
    });
    expect(resolveDealStage("Closed Won", pipeline)).toEqual({ stage: "won", known: true });
    // A default stage that this pipeline dropped is unknown here.
    expect(resolveDealStage("Proposal", pipeline)).toEqual({ stage: "proposal", known: false });
    expect(stageProbability("final-review", pipeline)).toBe(80);
  });

  it.each([
    [[], "must be an object"],
    [{ stages: [] }, "must map stage names"],
    [{ stages: {} }, "at least one open stage"],
    [{ stages: { Demo: 30 } }, 'must be lower-case letters, digits and dashes (e.g. "demo")'],
    [{ stages: { won: 100 } }, "always there"],
    [{ stages: { demo: 30.5 } }, "whole percentage"],
    [{ stages: { demo: "30" } }, "whole percentage"],
    [{ stages: { demo: 130 } }, "is 130; a probability is 0-100"],
    [{ stageNames: { Engaging: "demo" } }, "must be one of prospecting"],
    [{ stageNames: [] }, "must map CRM names"],
    [{ stage: {} }, "pipeline.stage is not a setting"],
  ])("refuses %j (%s)", (section, error) => {
    const parsed = parsePipelineConfig({ pipeline: section });
    expect("error" in parsed && parsed.error).toContain(error);
  });
});

describe("stale-deal thresholds (pipeline.staleDays)", () => {
  const parse = (staleDays: unknown, stages?: Record<string, number>) =>
    parsePipelineConfig({ pipeline: { ...(stages === undefined ? {} : { stages }), staleDays } });

  it("is 30 days for every stage by default", () => {
    expect(defaultPipeline.staleDays.default).toBe(30);
    expect(staleDaysOf("proposal", defaultPipeline)).toBe(30);
    expect(staleDaysOf("engaging", defaultPipeline)).toBe(30);
    expect(staleDaysOf("proposal", parsePipelineConfig({ pipeline: {} }) as Pipeline)).toBe(30);
  });

  it.each([
    // config, stage, days
    [21, "proposal", 21],
    [21, "engaging", 21],
    [{ proposal: 14 }, "proposal", 14],
    [{ proposal: 14 }, "negotiation", 30],
    [{ proposal: 14, default: 45 }, "negotiation", 45],
    [{ proposal: 14, default: 45 }, "proposal", 14],
    // Stages the pipeline does not know take the default.
    [{ proposal: 14, default: 45 }, "engaging", 45],
  ])("%j: %s is stale after %i days", (staleDays, stage, days) => {
    expect(staleDaysOf(stage, parse(staleDays) as Pipeline)).toBe(days);
  });

  it("reads a stage called default as that stage, not as the fallback", () => {
    const pipeline = parse({ default: 7 }, { default: 10, demo: 40 }) as Pipeline;
    expect(staleDaysOf("default", pipeline)).toBe(7);
    expect(staleDaysOf("demo", pipeline)).toBe(30);
  });

  it.each([
    [0, "pipeline.staleDays must be a whole number of days, 1 or more (got 0)"],
    [14.5, "whole number of days"],
    ["14", "must be a number of days or map stages to days"],
    [[14], "must be a number of days or map stages to days"],
    [null, "must be a number of days or map stages to days"],
    [{ proposal: -1 }, "pipeline.staleDays.proposal must be a whole number of days"],
    [{ proposal: "14" }, "pipeline.staleDays.proposal must be a whole number of days"],
    [
      { demo: 14 },
      'pipeline.staleDays."demo" is not an open stage; use one of prospecting, qualification, proposal, negotiation or "default"',
    ],
    [{ won: 14 }, 'pipeline.staleDays."won" is not an open stage'],
  ])("refuses %j (%s)", (staleDays, error) => {
    const parsed = parse(staleDays);
    expect("error" in parsed && parsed.error).toContain(error);
  });

  it("checks stage names against the configured stages", () => {
    const pipeline = parse({ demo: 10 }, { discovery: 10, demo: 40 }) as Pipeline;
    expect(staleDaysOf("demo", pipeline)).toBe(10);
    const parsed = parse({ proposal: 10 }, { discovery: 10, demo: 40 });
    expect("error" in parsed && parsed.error).toContain("use one of discovery, demo or");
  });
});

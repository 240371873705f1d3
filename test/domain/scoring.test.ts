import { describe, expect, it } from "vitest";
import {
  parseScoringRules,
  type ScorableLead,
  type ScoringRules,
  scoreLead,
} from "../../src/domain/scoring.js";

const rules: ScoringRules = {
  threshold: 50,
  source: { referral: 30, Web: 10 },
  title: { vp: 25, "head of": 20, intern: -20 },
  country: { US: 10 },
  attributes: { Industry: { Software: 15 } },
};
const lead = (extra: Partial<ScorableLead>): ScorableLead => ({
  source: null,
  title: null,
  country: null,
  attributes: {},
  ...extra,
});

describe("scoreLead", () => {
  it.each([
    ["nothing known", lead({}), 0, []],
    ["source, any case", lead({ source: "REFERRAL" }), 30, ["source is referral"]],
    ["title keyword as a word", lead({ title: "VP Sales" }), 25, ['title has "vp"']],
    ["not inside another word", lead({ title: "SVP Engineering" }), 0, []],
    ["a two-word keyword", lead({ title: "Head of Marketing" }), 20, ['title has "head of"']],
    [
      "negative points",
      lead({ title: "Marketing Intern", source: "web" }),
      -10,
      ["source is Web", 'title has "intern"'],
    ],
    ["country", lead({ country: "us" }), 10, ["country is US"]],
    [
      "attribute value, names in any case",
      lead({ attributes: { industry: "software" } }),
      15,
      ["Industry is Software"],
    ],
    [
      "everything adds up",
      lead({
        source: "referral",
        title: "VP, Head of Sales",
        country: "US",
        attributes: { Industry: "Software" },
      }),
      100,
      [
        "source is referral",
        'title has "vp"',
        'title has "head of"',
        "country is US",
        "Industry is Software",
      ],
    ],
  ])("%s", (_name, input, score, rulesMatched) => {
    const result = scoreLead(input, rules);
    expect(result.score).toBe(score);
    expect(result.lines.map((line) => line.rule)).toEqual(rulesMatched);
  });
});

describe("parseScoringRules", () => {
  it("reads a full config and fills missing tables with nothing", () => {
    expect(parseScoringRules({ scoring: { threshold: 40, source: { web: 5 } } })).toEqual({
      threshold: 40,
      source: { web: 5 },
      title: {},
      country: {},
      attributes: {},
    });
  });

  it.each([
    [{}, 'it has no "scoring" section'],
    [{ scoring: {} }, "scoring.threshold must be a number"],
    [{ scoring: { threshold: "50" } }, "scoring.threshold must be a number"],
    [
      { scoring: { threshold: 50, source: [1] } },
      'scoring.source must be an object of points, e.g. {"referral": 30}',
    ],
    [{ scoring: { threshold: 50, title: { vp: "a lot" } } }, "scoring.title.vp must be a number"],
    [
      { scoring: { threshold: 50, attributes: { Industry: 5 } } },
      "scoring.attributes.Industry must be an object of points",
    ],
    [
      { scoring: { threshold: 50, attributes: { Industry: { Software: null } } } },
      "scoring.attributes.Industry.Software must be a number",
    ],
  ])("says what is wrong with %j", (config, error) => {
    expect(parseScoringRules(config)).toEqual({ error });
  });
});

/**
 * Lead scoring from rules in the config file: points per source, per title keyword, per
 * country, per attribute value, and a threshold at which a lead becomes an MQL.
 *
 *   { "scoring": { "threshold": 50,
 *       "source": { "referral": 30 }, "title": { "vp": 20, "intern": -15 },
 *       "country": { "US": 10 }, "attributes": { "Industry": { "Software": 15 } } } }
 *
 * Matching ignores case; every title keyword found in the title counts.
 */
export interface ScoringRules {
  readonly threshold: number;
  readonly source: Readonly<Record<string, number>>;
  readonly title: Readonly<Record<string, number>>;
  readonly country: Readonly<Record<string, number>>;
  readonly attributes: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ScoredLine {
  readonly rule: string;
  readonly points: number;
}

export interface LeadScore {
  readonly score: number;
  readonly lines: readonly ScoredLine[];
}

export interface ScorableLead {
  readonly source: string | null;
  readonly title: string | null;
  readonly country: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export function scoreLead(lead: ScorableLead, rules: ScoringRules): LeadScore {
  const lines: ScoredLine[] = [];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const [source, points] of Object.entries(rules.source)) {
    if (lead.source !== null && same(lead.source, source))
      lines.push({ rule: `source is ${source}`, points });
  }
  const title = lead.title?.toLowerCase() ?? "";
  for (const [keyword, points] of Object.entries(rules.title)) {
    if (title !== "" && containsWord(title, keyword.toLowerCase()))
      lines.push({ rule: `title has "${keyword}"`, points });
  }
  for (const [country, points] of Object.entries(rules.country)) {
    if (lead.country !== null && same(lead.country, country))
      lines.push({ rule: `country is ${country}`, points });
  }
  for (const [name, values] of Object.entries(rules.attributes)) {
    const key = Object.keys(lead.attributes).find((attribute) => same(attribute, name));
    const value = key === undefined ? undefined : lead.attributes[key];
    if (value === undefined) continue;
    for (const [expected, points] of Object.entries(values)) {
      if (same(value, expected)) lines.push({ rule: `${name} is ${expected}`, points });
    }
  }
  return { score: lines.reduce((sum, line) => sum + line.points, 0), lines };
}

/** Whole words only: `vp` is in "VP Sales" and "vp, marketing", not in "SVP" or "MVP". */
function containsWord(text: string, keyword: string): boolean {
  // Both as words between single spaces: one substring search, not a comparison per word.
  const words = (value: string) => value.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== "");
  const parts = words(keyword);
  return parts.length > 0 && ` ${words(text).join(" ")} `.includes(` ${parts.join(" ")} `);
}

/** Reads the `scoring` section of a config, or says exactly what is wrong and where. */
export function parseScoringRules(config: unknown): ScoringRules | { error: string } {
  if (!isObject(config) || !isObject(config.scoring))
    return { error: 'it has no "scoring" section' };
  const scoring = config.scoring;
  if (typeof scoring.threshold !== "number" || !Number.isFinite(scoring.threshold)) {
    return { error: "scoring.threshold must be a number" };
  }
  const table = (name: string): Record<string, number> | { error: string } => {
    const value = scoring[name];
    if (value === undefined) return {};
    if (!isObject(value))
      return { error: `scoring.${name} must be an object of points, e.g. {"referral": 30}` };
    for (const [key, points] of Object.entries(value)) {
      if (typeof points !== "number" || !Number.isFinite(points))
        return { error: `scoring.${name}.${key} must be a number` };
    }
    return value as Record<string, number>;
  };
  const source = table("source");
  const title = table("title");
  const country = table("country");
  for (const part of [source, title, country])
    if ("error" in part) return { error: part.error as string };
  const attributes: Record<string, Record<string, number>> = {};
  if (scoring.attributes !== undefined) {
    if (!isObject(scoring.attributes))
      return { error: 'scoring.attributes must be an object, e.g. {"Industry": {"Software": 15}}' };
    for (const [name, values] of Object.entries(scoring.attributes)) {
      if (!isObject(values))
        return { error: `scoring.attributes.${name} must be an object of points` };
      for (const [value, points] of Object.entries(values)) {
        if (typeof points !== "number" || !Number.isFinite(points)) {
          return { error: `scoring.attributes.${name}.${value} must be a number` };
        }
      }
      attributes[name] = values as Record<string, number>;
    }
  }
  return {
    threshold: scoring.threshold,
    source: source as Record<string, number>,
    title: title as Record<string, number>,
    country: country as Record<string, number>,
    attributes,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

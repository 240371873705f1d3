/** Lifecycle stages, in funnel order, then the two off-ramps. */
export const funnelStages = ["lead", "mql", "sal", "sql", "opportunity", "customer"] as const;
export const offRampStages = ["disqualified", "recycled"] as const;
export const stages = [...funnelStages, ...offRampStages] as const;

export type FunnelStage = (typeof funnelStages)[number];
export type Stage = (typeof stages)[number];

const funnelRank = new Map<Stage, number>(funnelStages.map((stage, index) => [stage, index]));

export function isStage(value: string): value is Stage {
  return (stages as readonly string[]).includes(value);
}

export function isOffRamp(stage: Stage): boolean {
  return !funnelRank.has(stage);
}

/**
 * Stage names as real CRM exports write them (HubSpot lifecycle stages and lead statuses,
 * Salesforce and Zoho lead statuses, spreadsheet shorthand), keyed by their letters and digits
 * only, lower-cased.
 */
const stageSynonyms = new Map<string, Stage>(
  Object.entries({
    lead: "lead",
    new: "lead",
    open: "lead",
    subscriber: "lead",
    prospect: "lead",
    raw: "lead",
    nurture: "lead",
    nurturing: "lead",
    opennotcontacted: "lead",
    notcontacted: "lead",
    // HubSpot's lifecycle stage for contacts outside the funnel (partners, vendors).
    other: "lead",
    mql: "mql",
    marketingqualified: "mql",
    marketingqualifiedlead: "mql",
    prequalified: "mql",
    sal: "sal",
    accepted: "sal",
    salesaccepted: "sal",
    salesacceptedlead: "sal",
    working: "sal",
    workingcontacted: "sal",
    contacted: "sal",
    inprogress: "sal",
    attemptedtocontact: "sal",
    connected: "sal",
    sql: "sql",
    qualified: "sql",
    salesqualified: "sql",
    salesqualifiedlead: "sql",
    opportunity: "opportunity",
    opp: "opportunity",
    closedconverted: "opportunity",
    converted: "opportunity",
    opendeal: "opportunity",
    customer: "customer",
    won: "customer",
    closedwon: "customer",
    evangelist: "customer",
    disqualified: "disqualified",
    unqualified: "disqualified",
    closednotconverted: "disqualified",
    junk: "disqualified",
    baddata: "disqualified",
    lost: "disqualified",
    junklead: "disqualified",
    lostlead: "disqualified",
    notqualified: "disqualified",
    recycled: "recycled",
    recycle: "recycled",
    rejected: "recycled",
    badtiming: "recycled",
    contactinfuture: "recycled",
  }) as [string, Stage][],
);

/** The stage a CRM's status or lifecycle value means, or undefined when it is not known. */
export function parseStageName(value: string): Stage | undefined {
  // A Map, not an object lookup: "constructor" must not find Object.prototype's.
  return stageSynonyms.get(value.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

/**
 * Whether an import that finds a lead at `current` with `incoming` in the file moves it.
 * An import never moves a lead backwards: along the funnel only forward; onto an off-ramp
 * from anywhere but `customer`; from an off-ramp back into the funnel only at `mql` or later
 * (re-qualification), never to plain `lead`.
 */
export function importMovesStage(current: Stage, incoming: Stage): boolean {
  if (current === incoming) return false;
  const currentRank = funnelRank.get(current);
  const incomingRank = funnelRank.get(incoming);
  if (currentRank !== undefined && incomingRank !== undefined) return incomingRank > currentRank;
  if (currentRank !== undefined) return current !== "customer";
  if (incomingRank !== undefined) return incomingRank >= 1;
  return true;
}

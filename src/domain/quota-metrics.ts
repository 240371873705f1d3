// Apart from the store so that building the command tree (for --help) does not load SQLite.
export const quotaMetrics = ["revenue", "deals", "mqls", "sals"] as const;
export type QuotaMetric = (typeof quotaMetrics)[number];

export const dealKinds = ["new", "renewal", "expansion"] as const;
export type DealKind = (typeof dealKinds)[number];

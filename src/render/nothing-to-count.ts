import { localDay } from "../domain/dates.js";
import type { LeadsOnFile } from "../store/funnel.js";

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * Why a leads report counted no lead, in one sentence: the database has none (a database of
 * deals alone), or none was created (or moved) in the period.
 */
export function noLeadsText(
  onFile: LeadsOnFile,
  /** The period as people read it: `2026-10`, `2026-10 or 2026-09`. */
  period: string,
  counted: "created" | "moved",
): string {
  if (onFile.leads === 0 || onFile.firstCreated === null || onFile.lastCreated === null)
    return `No leads to count: the database has none${onFile.deals > 0 ? `, only ${count(onFile.deals, "deal")}` : ""}; bring leads in with: funnel import leads.csv`;
  const held = `the database's ${count(onFile.leads, "lead")} were created ${localDay(onFile.firstCreated)} to ${localDay(onFile.lastCreated)}`;
  return counted === "created"
    ? `No leads were created in ${period}; ${held}`
    : `No lead moved to a stage in ${period}; ${held}`;
}

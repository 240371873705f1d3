import { isTimeZone, processTimeZone, useTimeZone } from "../domain/time-zone.js";
import { UsageError, UserError } from "../errors.js";
import { peekTimeZone } from "../store/store.js";
import type { CommandContext } from "./context.js";

/**
 * Sets the run's clock before a command reads any date (`--at`, `--period`, a CSV's dates):
 * `--tz ZONE` for this run, else the database's zone, else (a database not made yet, or made
 * before funnel kept one) the process's, which such a database is given when it opens.
 */
export async function setTeamClock(context: CommandContext, tz: string | undefined): Promise<void> {
  if (tz !== undefined) {
    if (!isTimeZone(tz))
      throw new UsageError(
        `--tz "${tz}" is not a time zone; use an IANA name such as Europe/Lisbon`,
      );
    useTimeZone(tz, { overridden: true });
    return;
  }
  const stored = await peekTimeZone(context.dbPath, context.env);
  if (stored !== undefined && !isTimeZone(stored))
    throw new UserError(
      `the database's time zone "${stored}" is not one this machine knows`,
      "set it with funnel config set timezone ZONE, or pass --tz ZONE",
    );
  useTimeZone(stored ?? processTimeZone(context.env));
}

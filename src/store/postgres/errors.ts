import { totalTooLarge } from "../../domain/money.js";
import { UserError } from "../../errors.js";
import { ReadOnlyStoreError } from "../store.js";

/** SQLSTATEs after which the same transaction, run again, may well succeed. */
const retryableCodes = new Set([
  "40001", // serialization_failure: another transaction changed what this one read
  "40P01", // deadlock_detected
]);

export function isRetryable(error: unknown): boolean {
  return retryableCodes.has(String((error as { code?: unknown }).code));
}

/** The client's codes, and the server's, for a connection that went away. */
const connectionLost = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNRESET",
  "EPIPE",
  "57P01", // admin_shutdown: the server is stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
]);

/**
 * PostgreSQL's errors that mean something a user can act on, as one-line UserErrors naming the
 * database by its printable target (never the password); any other error as it is. Every way
 * out of the PostgreSQL engine's transactions passes here. `committing`: the error came while
 * the transaction was being committed, when the server may or may not have kept it.
 */
export function describePostgresError(
  error: unknown,
  location: string,
  committing = false,
): unknown {
  if (error instanceof UserError) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== "string") return error;
  if (connectionLost.has(code) || code.startsWith("08"))
    return new UserError(
      committing
        ? `the connection to ${location} was lost while the command's changes were being committed; they may or may not have been kept`
        : `the connection to ${location} was lost in the middle of the command; nothing was changed`,
      committing
        ? "check the data (a list or show command) before running the command again"
        : "check that the PostgreSQL server is running and reachable, then run the command again",
    );
  switch (code) {
    case "57014":
      return new UserError(
        /statement timeout/i.test(String(message))
          ? `a query on ${location} ran past the server's statement_timeout and was cancelled; nothing was changed`
          : `a query on ${location} was cancelled; nothing was changed`,
        "raise statement_timeout for funnel's user (ALTER ROLE … SET statement_timeout, or options=-c statement_timeout=… in --db), then run the command again",
      );
    case "25006":
      return new ReadOnlyStoreError(
        `${location} is read-only (a standby, or default_transaction_read_only); nothing was changed`,
        "point --db at the primary server",
      );
    case "42501":
      return new UserError(
        `${location} refused funnel's user: ${String(message)}; nothing was changed`,
        "grant the user SELECT, INSERT, UPDATE and DELETE on funnel's tables, or connect as their owner",
      );
    case "53100":
      return new UserError(
        `the PostgreSQL server of ${location} is out of disk space; nothing was changed`,
        "free some space on the server and run the command again",
      );
    case "22003":
      // A sum of amounts past bigint's range (the rows themselves always fit).
      return totalTooLarge();
  }
  return error;
}

/** After `attempts` tries, each undone by another command's changes: one line. */
export function tooMuchContention(location: string, attempts: number): UserError {
  return new UserError(
    `${location} is busy: other funnel commands kept changing the same data, ${attempts} tries in a row; nothing was changed`,
    "run the command again",
  );
}

/**
 * The few error kinds the top-level handler knows how to report.
 * Domain and store code throw these; only `main` turns them into exit codes.
 */

/** Bad input or a failed operation the user can fix: exit 1, one line, no stack. */
export class UserError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = "UserError";
    this.hint = hint;
  }
}

/** A wrong invocation (unknown option, bad option value): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A check that ran and found a breach (SLA, quota threshold): exit 3. */
export class BreachError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BreachError";
  }
}

/** Ctrl-C or SIGTERM while work was in progress: exit 130, after rolling back. */
export class InterruptedError extends Error {
  constructor(message = "interrupted; nothing was changed") {
    super(message);
    this.name = "InterruptedError";
  }
}

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  breach: 3,
  interrupted: 130,
} as const;

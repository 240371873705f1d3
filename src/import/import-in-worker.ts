import { Worker } from "node:worker_threads";
import { importThreadLimits } from "../csv/thread-limits.js";
import { timeZone } from "../domain/time-zone.js";
import { InterruptedError, UsageError, UserError } from "../errors.js";
import type { ImportLeadsOptions, ImportSummary } from "./import-leads.js";

export type ImportWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; summary: ImportSummary }
  | {
      type: "failed";
      name: string;
      message: string;
      hint?: string | undefined;
      code?: string | undefined;
      stack?: string | undefined;
    };

/**
 * `importLeads` in a worker thread (which opens its own store on `target`, or a scratch one for
 * a dry run without a database), so its heap limits hold for the import alone. Aborting
 * `signal` rolls the import back; errors come back as the same kinds of error they were.
 */
export function importLeadsInWorker(
  target: string,
  scratch: boolean,
  options: Omit<ImportLeadsOptions, "signal" | "onProgress" | "now">,
  hooks: { signal: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./import-worker.js", import.meta.url), {
      workerData: { target, scratch, options, timeZone: timeZone().name },
      resourceLimits: importThreadLimits,
    });
    const abort = () => worker.postMessage("abort");
    hooks.signal.addEventListener("abort", abort, { once: true });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal.removeEventListener("abort", abort);
      action();
    };
    worker.on("message", (message: ImportWorkerMessage) => {
      if (message.type === "progress") hooks.onProgress?.(message.done, message.total);
      else if (message.type === "done") settle(() => resolve(message.summary));
      else settle(() => reject(rebuildError(message)));
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) =>
      settle(() => reject(new Error(`the import thread stopped unexpectedly (exit code ${code})`))),
    );
  });
}

function rebuildError(failure: Extract<ImportWorkerMessage, { type: "failed" }>): Error {
  switch (failure.name) {
    case "UserError":
      return new UserError(failure.message, failure.hint);
    case "UsageError":
      return new UsageError(failure.message);
    case "InterruptedError":
      return new InterruptedError(failure.message);
    default: {
      const error = Object.assign(new Error(failure.message), { code: failure.code });
      if (failure.stack !== undefined) error.stack = failure.stack;
      return error;
    }
  }
}

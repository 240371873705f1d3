import { Worker } from "node:worker_threads";
import { timeZone } from "../domain/time-zone.js";
import { type LeadReaderOptions, type ReaderMessage, readLeadBatches } from "./lead-batches.js";
import { importThreadLimits } from "./thread-limits.js";

export interface LeadReader {
  /** Messages in file order; call `ack()` after each batch is handled. */
  readonly messages: AsyncIterable<ReaderMessage>;
  ack(): void;
  close(): Promise<void>;
}

/**
 * Reads in a worker thread when `threaded`, else on this thread (small files, where
 * starting a worker costs more than it saves, and tests that run the TypeScript sources).
 */
export function openLeadReader(options: LeadReaderOptions, threaded: boolean): LeadReader {
  if (!threaded) {
    const generator = readLeadBatches(options);
    return {
      messages: generator,
      ack() {},
      async close() {
        await generator.return(undefined);
      },
    };
  }
  const worker = new Worker(new URL("./lead-reader-worker.js", import.meta.url), {
    workerData: { ...options, timeZone: timeZone().name },
    resourceLimits: importThreadLimits,
  });
  return {
    messages: workerMessages(worker),
    ack: () => worker.postMessage("ack"),
    async close() {
      await worker.terminate();
    },
  };
}

/** Whether the worker file can be loaded: compiled JavaScript, not the TypeScript sources. */
export function canUseWorker(): boolean {
  return import.meta.url.endsWith(".js");
}

async function* workerMessages(worker: Worker): AsyncGenerator<ReaderMessage> {
  const queue: ReaderMessage[] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (message: ReaderMessage) => {
    queue.push(message);
    notify();
  });
  worker.on("error", (error) => {
    failure = error;
    notify();
  });
  worker.on("exit", () => {
    finished = true;
    notify();
  });
  for (;;) {
    const message = queue.shift();
    if (message !== undefined) {
      yield message;
      if (message.type === "end" || message.type === "error") return;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (finished) throw new Error("the CSV reader thread stopped before the end of the file");
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

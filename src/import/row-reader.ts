import { Worker } from "node:worker_threads";
import { importThreadLimits } from "../csv/thread-limits.js";
import { timeZone } from "../domain/time-zone.js";
import { type ReaderMessage, type RowReaderOptions, readRowBatches } from "./row-batches.js";

export interface RowReader {
  /** Messages in file order; call `ack()` after each batch is handled. */
  readonly messages: AsyncIterable<ReaderMessage>;
  ack(): void;
  close(): Promise<void>;
}

/**
 * Reads in a worker thread when `threaded`, else on this thread (small files, where
 * starting a worker costs more than it saves, and tests that run the TypeScript sources).
 */
export function openRowReader(options: RowReaderOptions, threaded: boolean): RowReader {
  if (!threaded) {
    const generator = readRowBatches(options);
    return {
      messages: generator,
      ack() {},
      async close() {
        await generator.return(undefined);
      },
    };
  }
  const worker = new Worker(new URL("./row-reader-worker.js", import.meta.url), {
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

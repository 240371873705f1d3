// Runs `readRowBatches` in a worker thread, so parsing a large file overlaps the
// database writes on the main thread. At most `maxInFlight` batches wait unread, which
// bounds memory when the parser is faster than the writer.
import { parentPort, workerData } from "node:worker_threads";
import { useTimeZone } from "../domain/time-zone.js";
import { type RowReaderOptions, readRowBatches } from "./row-batches.js";

export const maxInFlight = 4;

const port = parentPort;
if (port === null) throw new Error("row-reader-worker must run as a worker thread");

let credits = maxInFlight;
let wake: (() => void) | undefined;
port.on("message", (message: unknown) => {
  if (message === "ack") {
    credits++;
    wake?.();
    wake = undefined;
  }
});

// Dates without a zone in the file are the team's, as on the thread that started this one.
useTimeZone((workerData as { timeZone: string }).timeZone);

for await (const message of readRowBatches(workerData as RowReaderOptions)) {
  if (message.type === "batch") {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
  }
  port.postMessage(message);
}
port.close();

// Runs a lead import in a worker thread whose heap limits are set at its creation, so a
// million-row import stays within its memory budget without flags on the whole process.
import { parentPort, workerData } from "node:worker_threads";
import { useTimeZone } from "../domain/time-zone.js";
import { openStore } from "../store/store.js";
import type { ImportWorkerMessage } from "./import-in-worker.js";
import { type ImportLeadsOptions, importLeads } from "./import-leads.js";

const port = parentPort;
if (port === null) throw new Error("import-worker must run as a worker thread");
const { target, scratch, options, timeZone } = workerData as {
  target: string;
  scratch: boolean;
  options: ImportLeadsOptions;
  timeZone: string;
};
// Dates without a zone in the file are the team's, as on the thread that started this one.
useTimeZone(timeZone);
const controller = new AbortController();
port.on("message", (message: unknown) => {
  if (message === "abort") controller.abort();
});
const post = (message: ImportWorkerMessage) => port.postMessage(message);

try {
  // The thread's stderr is the process's: a copy saved before a migration is reported there.
  const store = await openStore(target, {
    scratch,
    notify: (line) => process.stderr.write(line),
  });
  try {
    const summary = await importLeads(store, {
      ...options,
      signal: controller.signal,
      onProgress: (done, total) => post({ type: "progress", done, total }),
    });
    post({ type: "done", summary });
  } finally {
    await store.close();
  }
} catch (error) {
  const failure = error as Error & { hint?: string; code?: string };
  post({
    type: "failed",
    name: failure.name ?? "Error",
    message: failure.message ?? String(error),
    hint: failure.hint,
    code: failure.code,
    stack: failure.stack,
  });
}
port.close();

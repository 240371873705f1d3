/**
 * Runs work that stops cleanly at Ctrl-C (or SIGTERM): the first signal aborts `signal`, and
 * the work throws InterruptedError at its next safe point, removing what it had written; a
 * second signal means now (the process exits 130 at once).
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * Lets a Ctrl-C that came during synchronous work (a scan, a copy, a check) reach its handler:
 * signals are handled when the event loop next polls, which an awaited write or copy that
 * completed at once does not wait for. Await it right before looking at `signal.aborted`.
 */
export function handlePendingSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

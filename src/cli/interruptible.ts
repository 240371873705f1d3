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

/**
 * An engine's error that reached the top without passing through a store's read or write (the
 * import's worker thread, backup and restore working on the file), as the user's: main asks
 * this, so that it needs to know no engine's codes. The engine's module loads only then.
 */
export async function describeEngineError(
  error: unknown,
  env: NodeJS.ProcessEnv,
): Promise<unknown> {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return error;
  const { describeSqliteError } = await import("./sqlite/errors.js");
  const { busyTimeoutMs } = await import("./sqlite/busy-timeout.js");
  let waited: number | undefined;
  try {
    waited = busyTimeoutMs(env);
  } catch {
    // A bad setting was reported already.
  }
  return describeSqliteError(error, undefined, waited);
}

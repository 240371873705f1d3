import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** A fresh folder per test, removed afterwards. */
export function useTempDir(): {
  path: (name: string) => string;
  write: (name: string, content: string | Buffer) => string;
} {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const current = () => {
    dir ??= mkdtempSync(join(tmpdir(), "funnel-test-"));
    return dir;
  };
  return {
    path: (name) => join(current(), name),
    write: (name, content) => {
      const file = join(current(), name);
      writeFileSync(file, content);
      return file;
    },
  };
}

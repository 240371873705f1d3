// Settings and per-run files shared by the property-based tests.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type fc from "fast-check";

/** Enough for the default run counts on a loaded 2-core machine; a deeper search gets an hour. */
export const propertyTimeoutMs = process.env.FC_NUM_RUNS === undefined ? 120_000 : 3_600_000;

/** The seed CI uses, so that a run of CI checks the same cases as the last (see `runs`). */
export const ciSeed = 20_261_127;

/**
 * fast-check's settings: `numRuns` cases, or FC_NUM_RUNS for a deeper search. The seed is FC_SEED
 * (with FC_PATH, as fast-check prints them on a failure) when given; under CI (CI=true) a fixed
 * one, so that CI passes or fails on the code, not on which cases it drew; otherwise a new one
 * each run, so that local runs keep exploring.
 */
export function runs(numRuns: number): fc.Parameters<unknown> {
  const { FC_SEED: seed, FC_PATH: path, FC_NUM_RUNS: deeper, CI: ci } = process.env;
  const parameters = { numRuns: deeper === undefined ? numRuns : Number(deeper) };
  if (seed !== undefined) return { ...parameters, seed: Number(seed), path };
  return ci === "true" ? { ...parameters, seed: ciSeed } : parameters;
}

/**
 * A folder per property run (inside the test's temp folder), removed when the run ends, so
 * that thousands of runs never pile up files: pass `start` and `end` to the property's
 * `beforeEach` and `afterEach`.
 */
export function runFolders(testFolder: (name: string) => string): {
  start: () => void;
  end: () => void;
  path: (name: string) => string;
} {
  let count = 0;
  let current: string | undefined;
  return {
    start: () => {
      count++;
      current = testFolder(`run-${count}`);
      mkdirSync(current);
    },
    end: () => {
      if (current !== undefined) rmSync(current, { recursive: true, force: true });
      current = undefined;
    },
    path: (name) => {
      if (current === undefined) throw new Error("a run's file outside a property run");
      return join(current, name);
    },
  };
}

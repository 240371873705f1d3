import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Says once that the PostgreSQL tests are skipped, or checks FUNNEL_TEST_PG's server once.
    globalSetup: ["test/helpers/postgres-setup.ts"],
    // Generous: the end-to-end tests spawn the binary many times, and a loaded 2-core machine
    // (CI, or other work beside it) can be several times slower than an idle one. A hang is
    // still caught.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn the built binary; two machines' worth of processes is plenty.
    maxWorkers: 2,
  },
});

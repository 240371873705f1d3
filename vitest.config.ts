import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // End-to-end tests spawn the built binary; two machines' worth of processes is plenty.
    maxWorkers: 2,
  },
});

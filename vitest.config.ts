import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The machine has two cores shared with builds; more workers only add contention.
    maxWorkers: 2,
  },
});

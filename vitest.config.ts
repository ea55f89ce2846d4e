import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The machine has two cores shared with builds; more workers only add contention.
    maxWorkers: 2,
    // Property tests and CLI child processes run for seconds on a loaded two-core machine; the
    // default 5 s makes them fail on load, not on behaviour; a browser page under a full parallel run
    // has taken over 30 s to boot. Hangs are still caught.
    testTimeout: 120_000,
    // expect.poll's default 1 s is one slow frame on this machine: a browser page opening a 100-KB
    // state file under a full parallel run took longer (a CI run failed on it). A wrong value still
    // fails, after 30 s.
    expect: { poll: { timeout: 30_000 } },
  },
});

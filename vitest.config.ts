import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests need Debian's chromium: installed here when missing.
    globalSetup: ["test/setup/chromium.ts"],
    // End-to-end files start anvil chains and Ponder processes: one file at a time on 2 cores.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { PONDER_TELEMETRY_DISABLED: "true" },
  },
});

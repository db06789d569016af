import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Unit tests that build the REST API read the tables; Ponder provides `ponder:schema` when it runs.
  resolve: { alias: { "ponder:schema": fileURLToPath(new URL("./test/fixtures/ponder-schema.ts", import.meta.url)) } },
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

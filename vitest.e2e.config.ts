import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests share one production server (started in globalSetup), so they run one file at a time.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    globalSetup: ["tests/e2e/global-setup.ts"],
    setupFiles: ["tests/helpers/setup-env.ts"],
  },
});

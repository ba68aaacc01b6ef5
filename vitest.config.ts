import { defineConfig } from "vitest/config";

export default defineConfig({
  // The popups' fast layer is CommonJS TypeScript (.cts): include it in the TS transform.
  oxc: { include: /\.(?:[cm]?ts|[jt]sx)$/ },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real pi processes; keep the 2-core machine from thrashing.
    maxWorkers: 2,
  },
});

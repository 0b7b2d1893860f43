import { defineConfig } from "vitest/config";

/**
 * The tests Stryker runs against each mutant (`npm run mutate`): only the fast, pure
 * unit and spec tests — no servers, sockets, SQLite files or browsers.
 */
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/spec/**/*.test.ts"],
    testTimeout: 30_000,
  },
});

import { defineConfig } from "vitest/config";

/**
 * The tests that pin shared/visibility.ts, for a mutation run of that file alone:
 * node scripts/visibilityMatrix/mutate.mjs (the whole core: npm run mutate).
 */
export default defineConfig({
  test: {
    include: ["test/unit/visibility*.test.ts"],
    testTimeout: 30_000,
  },
});

// `node scripts/visibilityMatrix/mutate.mjs`: StrykerJS over shared/visibility.ts alone, against
// the tests that pin it (test/unit/visibility*.test.ts), with its reports apart from
// `npm run mutate`'s (see scripts/mutate.mjs for why Stryker is started without its CLI).
import { Stryker } from "../../node_modules/@stryker-mutator/core/dist/src/stryker.js";

const dir = "reports/mutation/visibility";
// Fewer property runs per mutant (the seeded ones still run; the full count runs in npm test).
process.env.VISIBILITY_FC_RUNS ??= "25";
const results = await new Stryker({
  mutate: ["shared/visibility.ts"],
  vitest: { configFile: "scripts/visibilityMatrix/vitest.mutate.config.ts", related: false },
  incremental: false,
  htmlReporter: { fileName: `${dir}/mutation.html` },
  jsonReporter: { fileName: `${dir}/mutation.json` },
}).runMutationTest();
process.exitCode = results.length > 0 ? 0 : 1;

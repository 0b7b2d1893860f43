// `npm run mutate`: StrykerJS over the core (config: stryker.config.mjs).
//
// Why not `stryker run`: the installed StrykerJS 10.1.1 refuses to start on Node < 22 (a
// guard in its CLI module), while this project runs on Node 20 (vitest 4, better-sqlite3 12).
// Its engine runs on Node 20, so this starts it without the CLI module. Extra arguments are
// passed as options, e.g. `npm run mutate -- --mutate shared/replay.ts` (its reports then go to
// reports/mutation/only-shared_replay.ts/) or `-- --force`.
// Pinning @stryker-mutator/* 9.6.1 (Node >= 20) would make plain `stryker run` work again.
import { Stryker } from "../node_modules/@stryker-mutator/core/dist/src/stryker.js";

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]?.replace(/^--/, "");
    if (name === "force" || name === "incremental") options[name] = true;
    else if (name === "mutate") options.mutate = (argv[++i] ?? "").split(",");
    else throw new Error(`npm run mutate: unknown option ${argv[i]} (known: --mutate a.ts,b.ts, --force, --incremental)`);
  }
  return options;
}

/** A run over some files only keeps its reports apart, so it never overwrites the whole run's. */
function apart(options) {
  if (!options.mutate) return options;
  const dir = `reports/mutation/only-${options.mutate.join("+").replace(/[^\w.+-]+/g, "_")}`;
  return {
    ...options,
    incrementalFile: `${dir}/stryker-incremental.json`,
    htmlReporter: { fileName: `${dir}/mutation.html` },
    jsonReporter: { fileName: `${dir}/mutation.json` },
  };
}

const results = await new Stryker(apart(parseArgs(process.argv.slice(2)))).runMutationTest();
process.exitCode = results.length > 0 ? 0 : 1;

import { flood } from "./flood";
import { groupCommit } from "./groupCommit";
import { helloAmplification } from "./helloAmplification";
import { replaySeek } from "./replaySeek";
import { reportLatency } from "./reportLatency";

/**
 * `npm run bench` runs every benchmark and prints its figures; `npm run bench -- latency` runs
 * the named ones. Not part of `npm test`.
 */
const benches: Record<string, () => Promise<void>> = {
  latency: () => reportLatency(Number(process.env.BENCH_REPORTS ?? 1000)),
  "group-commit": () => groupCommit(),
  replay: () => replaySeek(),
  flood: () => flood(),
  hello: () => helloAmplification(),
  cluster: () => import("./cluster").then((m) => m.clusterBench()),
  dispatch: () => import("./dispatch").then((m) => m.dispatchBench()),
  // In the run of every bench, a shorter window (30 s measured after 10 s of warm-up, not 60 + 20):
  // the stadium is the longest of them. Flags given after `--` still win (the last one counts).
  stadium: () =>
    import("./stadium").then((m) => m.stadiumBench([...(all ? ["--seconds", "30", "--warmup", "10"] : []), ...process.argv.slice(2)])),
  browser: () => import("./browserBoard").then((m) => m.browserBench(process.argv.slice(2))),
  alerts: () => import("./alertReceipts").then((m) => m.alertReceiptsBench()),
  field: () => import("./fieldOutbox").then((m) => m.fieldOutboxBench()),
};

const asked: string[] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
const all = asked.length === 0;
const unknown = asked.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`Unknown bench: ${unknown.join(", ")}. Known: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
for (const name of all ? Object.keys(benches) : asked) await benches[name]?.();
process.exit(0);

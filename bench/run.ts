import { reportLatency } from "./reportLatency";

/** `npm run bench`: every benchmark, printing its figures. Not part of `npm test`. */
const count = Number(process.env.BENCH_REPORTS ?? 1000);
await reportLatency(count);
process.exit(0);

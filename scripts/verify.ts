import fs from "node:fs";
import { verifyEventLog } from "../server/export/verify";

/** `npm run verify -- <export.ndjson>`: checks an exported event log's hash chain. */
const file = process.argv[2];
if (!file) {
  console.error("usage: npm run verify -- <events.ndjson>");
  process.exit(2);
}
const verdict = verifyEventLog(fs.readFileSync(file, "utf8").split("\n"));
if (verdict.ok) {
  console.log(`OK: ${verdict.events} events, chain intact, head ${verdict.head}`);
  process.exit(0);
}
console.log(`FAILED at ${verdict.seq === null ? "" : `seq ${verdict.seq}, `}line ${verdict.line}: ${verdict.reason}`);
process.exit(1);

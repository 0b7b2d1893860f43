import fs from "node:fs";
import path from "node:path";
import { verifyEventLog } from "../server/export/verify";

/**
 * `npm run verify -- <events.ndjson>`: recomputes an exported event log's hash chain.
 * Exit 0 and "OK: …" when intact; exit 1 naming the first event that is not; exit 2 on bad usage.
 */
const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run verify -- <events.ndjson>");
  process.exit(2);
}
// npm runs scripts from the package root; a relative path means the caller's directory.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (err) {
  console.error(`cannot read ${file}: ${(err as Error).message}`);
  process.exit(2);
}
const verdict = verifyEventLog(text.split("\n"));
if (verdict.ok) {
  console.log(`OK: ${verdict.events} events, chain intact, head ${verdict.head}`);
  if (!verdict.header) console.log("(no header line: events missing from the end could not be detected)");
  process.exit(0);
}
console.log(`FAILED at ${verdict.seq === null ? "" : `seq ${verdict.seq}, `}line ${verdict.line}: ${verdict.reason}`);
process.exit(1);

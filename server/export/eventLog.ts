import { setImmediate as yieldToIo } from "node:timers/promises";
import { canonicalJson, GENESIS_HASH } from "../../shared/canonical";
import type { Signature } from "../audit/signing";
import type { EventPages } from "../store/replayQueries";

/** The first line of an exported event log: what it is (marked OFFICIAL-SENSITIVE), whose, and the head it must verify to. */
export interface EventLogHeader {
  kind: "cordon-event-log";
  marking: string;
  opId: string;
  name: string;
  exportedAt: string;
  exportedBy: { userId: string; name: string; role: string };
  reason: string;
  recipient: string;
  /** The log holds events 1..headSeq; the last one's hash is headHash. */
  headSeq: number;
  headHash: string | null;
  /** Record time of the head event (ms). */
  headAt: number;
  /** How each `hash` is computed, for anyone verifying without Cordon. */
  chain: string;
  /** The server's Ed25519 signature over the rest of the header (JCS): the signed manifest. */
  signature?: Signature;
}

export const CHAIN_RULE = `hash = hex(SHA-256(prevHash + "\\n" + canonicalJson(event without "hash"))); the first prevHash is ${GENESIS_HASH}`;

/** Events read per page: one bounded query each, never a cursor held open across writes. */
const PAGE = 1000;

/**
 * The full event log as NDJSON (issue 3): the header line, then events 1..headSeq in seq order,
 * one per line as canonical JSON (the exact text the hash covers, plus `hash`). Read a page at a
 * time (EventPages: one keyset query a page, on SQLite or PostgreSQL) and yielded as read, so
 * the export of a 4-hour log is never whole in memory.
 *
 * Why pages rather than one better-sqlite3 `.iterate()`: an open iterator makes the connection
 * busy, and the live log appends on the same connection while the download drains.
 */
export async function* eventLogLines(store: EventPages, header: EventLogHeader): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (let after = 0; after < header.headSeq; ) {
    const page = await store.readAfter(header.opId, after, Math.min(PAGE, header.headSeq - after));
    if (page.length === 0) return;
    let lines = "";
    for (const e of page) lines += `${canonicalJson(e)}\n`;
    yield lines;
    after = page[page.length - 1]?.seq ?? header.headSeq;
    await yieldToIo();
  }
}

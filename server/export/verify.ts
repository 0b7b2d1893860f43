import { createHash } from "node:crypto";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";

export type Verdict = { ok: true; events: number; head: string } | { ok: false; seq: number | null; line: number; reason: string };

/**
 * Recomputes the hash chain of an exported event log (NDJSON: a header line, then one event per
 * line in seq order) and names the first event that does not hold: altered (its hash does not
 * match its content), removed (a seq is missing or a link is broken) or reordered.
 */
export function verifyEventLog(lines: Iterable<string>): Verdict {
  let prev = GENESIS_HASH;
  let expected = 1;
  let n = 0;
  let lineNo = 0;
  for (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    let e: { seq?: number; prevHash?: string; hash?: string; kind?: string } & Record<string, unknown>;
    try {
      e = JSON.parse(line);
    } catch {
      return { ok: false, seq: null, line: lineNo, reason: "not JSON" };
    }
    if (lineNo === 1 && e.kind === "cordon-event-log") continue;
    const seq = typeof e.seq === "number" ? e.seq : null;
    if (seq === null) return { ok: false, seq: null, line: lineNo, reason: "an event without a seq" };
    if (seq < expected) return { ok: false, seq, line: lineNo, reason: `reordered or repeated: seq ${seq} after ${expected - 1}` };
    if (seq > expected) return { ok: false, seq: expected, line: lineNo, reason: `removed: seq ${expected} is missing (found ${seq})` };
    if (e.prevHash !== prev) return { ok: false, seq, line: lineNo, reason: "broken link: prevHash is not the previous event's hash" };
    const hash = createHash("sha256").update(hashedText(prev, e)).digest("hex");
    if (hash !== e.hash) return { ok: false, seq, line: lineNo, reason: "altered: the content does not match its hash" };
    prev = hash;
    expected++;
    n++;
  }
  return { ok: true, events: n, head: prev };
}

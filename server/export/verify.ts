import { createHash } from "node:crypto";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";

export type Problem = "altered" | "removed" | "reordered" | "malformed";

export type Verdict =
  | { ok: true; events: number; head: string; header: boolean }
  | { ok: false; problem: Problem; seq: number | null; line: number; reason: string };

interface Parsed {
  kind?: unknown;
  seq?: unknown;
  prevHash?: unknown;
  hash?: unknown;
  headSeq?: unknown;
  headHash?: unknown;
}

/**
 * Recomputes the hash chain of an exported event log (NDJSON: an optional header line, then one
 * event per line in seq order; docs/protocol.md §7) and names the first event that does not hold:
 *
 * - altered: an event's content does not match its own hash, or the head is not the header's;
 * - removed: a seq is missing, a link to the previous hash is broken, or the log stops before
 *   the header's headSeq;
 * - reordered: a seq comes out of order (the missing one turns up later in the file).
 *
 * Pure apart from hashing; reads the lines once, looking ahead only to tell a removal from a move.
 */
export function verifyEventLog(lines: Iterable<string>): Verdict {
  const rest = lines[Symbol.iterator]();
  let lineNo = 0;
  let header: Parsed | null = null;
  let prev = GENESIS_HASH;
  let expected = 1;
  const fail = (problem: Problem, seq: number | null, reason: string): Verdict => ({ ok: false, problem, seq, line: lineNo, reason });

  for (let next = rest.next(); !next.done; next = rest.next()) {
    lineNo++;
    const text = next.value.trim();
    if (!text) continue;
    const e = parse(text);
    if (!e) return fail("malformed", null, "the line is not a JSON object");
    if (expected === 1 && header === null && e.kind === "cordon-event-log") {
      header = e;
      continue;
    }
    if (typeof e.seq !== "number" || !Number.isInteger(e.seq)) return fail("malformed", null, "an event without a seq");
    if (e.seq < expected) return fail("reordered", e.seq, `reordered: seq ${e.seq} comes after seq ${expected - 1}`);
    if (e.seq > expected) {
      const later = findSeq(rest, expected, lineNo);
      return later === null
        ? fail("removed", expected, `removed: seq ${expected} is missing (the next event is seq ${e.seq})`)
        : fail("reordered", expected, `reordered: seq ${e.seq} comes before seq ${expected}, which is on line ${later}`);
    }
    if (e.prevHash !== prev) {
      return fail("removed", e.seq, `removed or replaced: the prevHash of seq ${e.seq} is not the hash of seq ${e.seq - 1}`);
    }
    const hash = createHash("sha256")
      .update(hashedText(prev, e as Record<string, unknown>))
      .digest("hex");
    if (hash !== e.hash) return fail("altered", e.seq, `altered: the content of seq ${e.seq} does not match its hash`);
    prev = hash;
    expected++;
  }
  const events = expected - 1;
  if (header) {
    if (typeof header.headSeq === "number" && events < header.headSeq) {
      return fail("removed", events + 1, `removed: the log ends at seq ${events} but the header says it holds ${header.headSeq}`);
    }
    if (header.headSeq !== events || header.headHash !== prev) {
      return fail(
        "altered",
        events,
        `altered: the head (seq ${events}, ${prev}) is not the header's (seq ${header.headSeq}, ${header.headHash})`,
      );
    }
  }
  return { ok: true, events, head: prev, header: header !== null };
}

function parse(text: string): Parsed | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Parsed) : null;
  } catch {
    return null;
  }
}

/** The line number of the event with `seq` further on, if any. */
function findSeq(rest: Iterator<string>, seq: number, lineNo: number): number | null {
  let n = lineNo;
  for (let next = rest.next(); !next.done; next = rest.next()) {
    n++;
    if (!next.value.includes(String(seq))) continue;
    if (parse(next.value.trim())?.seq === seq) return n;
  }
  return null;
}

import { createHash, type KeyObject } from "node:crypto";
import { GENESIS_HASH, hashedText } from "../../shared/canonical";
import { checkSignature, type SignatureCheck } from "../audit/signing";
import { londonIso } from "./londonTime";

/**
 * The verifier an expert witness can run on an exported event log (issue 13): it checks the
 * hash chain, the signed manifest in the header, and the server's signed checkpoints, and names
 * every way the file differs from what the server logged. Pure apart from hashing and signature
 * checks: the caller reads the files.
 */

export const FINDING_KINDS = [
  "altered",
  "removed",
  "reordered",
  "repeated",
  "truncated",
  "appended",
  "forged",
  "header-edited",
  "header-missing",
  "checkpoint-invalid",
  "malformed",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  seq: number | null;
  message: string;
}

interface EventLine {
  seq: number;
  line: number;
  at: number | null;
  opId: string | null;
  prevHash: unknown;
  hash: unknown;
  body: Record<string, unknown>;
}

export interface HeaderInfo {
  line: number;
  opId: string | null;
  name: string | null;
  headSeq: number | null;
  headHash: string | null;
  exportedAt: number | null;
  /** Record time of the head event. */
  headAt: number | null;
  exportedBy: string | null;
  reason: string | null;
  recipient: string | null;
  signature: SignatureCheck | "not-checked";
}

export interface CheckpointInput {
  file: string;
  line: number;
  value: unknown;
}

export interface ValidCheckpoint {
  seq: number;
  hash: string;
  at: number;
  where: string;
}

export interface VerifyReport {
  ok: boolean;
  findings: Finding[];
  /** Distinct seqs in the file, lowest and highest. */
  events: { count: number; first: number | null; last: number | null; lastAt: number | null };
  header: HeaderInfo | null;
  checkpoints: {
    given: boolean;
    signaturesChecked: boolean;
    read: number;
    valid: ValidCheckpoint[];
    /** The highest seq a valid checkpoint confirms in this file (the chain up to it is the server's). */
    confirmedTo: ValidCheckpoint | null;
  };
  keyChecked: boolean;
  chainIntact: boolean;
}

export interface VerifyOptions {
  checkpoints?: CheckpointInput[];
  publicKey?: KeyObject;
}

const CHAIN_KINDS = new Set<FindingKind>(["altered", "removed", "reordered", "repeated", "malformed"]);
const REQUIRED_HEADER = ["opId", "headSeq", "headHash", "exportedAt", "exportedBy", "reason", "recipient", "marking"] as const;

export function verifyExport(lines: Iterable<string>, opts: VerifyOptions = {}): VerifyReport {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, seq: number | null, message: string) => findings.push({ kind, seq, message });
  const { header, events } = parseLines(lines, add, opts.publicKey);
  const bySeq = checkOrder(events, add);
  checkChain(bySeq, add);
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  const last = seqs.at(-1) ?? null;
  if (header) checkHead(header, bySeq, last, add);
  const firstBroken = Math.min(
    Number.POSITIVE_INFINITY,
    ...findings.filter((f) => CHAIN_KINDS.has(f.kind) && f.seq !== null).map((f) => f.seq!),
  );
  const checkpoints = checkCheckpoints(opts, header, events, bySeq, last, firstBroken, add);
  const chainIntact = findings.every((f) => !CHAIN_KINDS.has(f.kind));
  return {
    ok: findings.length === 0,
    findings,
    events: { count: seqs.length, first: seqs[0] ?? null, last, lastAt: last === null ? null : (bySeq.get(last)?.at ?? null) },
    header,
    checkpoints,
    keyChecked: opts.publicKey !== undefined,
    chainIntact,
  };
}

function parseLines(
  lines: Iterable<string>,
  add: (kind: FindingKind, seq: number | null, message: string) => void,
  publicKey: KeyObject | undefined,
): { header: HeaderInfo | null; events: EventLine[] } {
  let header: HeaderInfo | null = null;
  const events: EventLine[] = [];
  let lineNo = 0;
  let sawContent = false;
  for (const raw of lines) {
    lineNo++;
    const text = raw.trim();
    if (!text) continue;
    const value = parseObject(text);
    if (!value) {
      add("malformed", null, `line ${lineNo} is not a JSON object`);
      continue;
    }
    if (value.kind === "cordon-event-log") {
      if (sawContent || header) add("header-edited", null, `line ${lineNo}: a header that is not the first line`);
      else header = readHeader(value, lineNo, add, publicKey);
      sawContent = true;
      continue;
    }
    if (!sawContent)
      add("header-missing", null, "the file has no header line: nothing says which log it is, how long it was, or who exported it");
    sawContent = true;
    if (typeof value.seq !== "number" || !Number.isInteger(value.seq) || value.seq < 1) {
      add("malformed", null, `line ${lineNo}: an event without a valid seq`);
      continue;
    }
    events.push({
      seq: value.seq,
      line: lineNo,
      at: typeof value.at === "number" ? value.at : null,
      opId: typeof value.opId === "string" ? value.opId : null,
      prevHash: value.prevHash,
      hash: value.hash,
      body: value,
    });
  }
  if (!sawContent) add("header-missing", null, "the file is empty");
  return { header, events };
}

function readHeader(
  h: Record<string, unknown>,
  line: number,
  add: (kind: FindingKind, seq: number | null, message: string) => void,
  publicKey: KeyObject | undefined,
): HeaderInfo {
  for (const field of REQUIRED_HEADER) {
    if (h[field] === undefined || h[field] === null || h[field] === "") add("header-edited", null, `the header has no "${field}"`);
  }
  const signature = publicKey ? checkSignature(h, publicKey) : "not-checked";
  if (signature === "invalid")
    add("header-edited", null, "the header's signature does not match its content: the manifest was edited after export");
  if (signature === "other-key") add("header-edited", null, "the header is signed by another key than the one given");
  if (signature === "unsigned") add("header-edited", null, "the header carries no signature");
  const by = h.exportedBy as Record<string, unknown> | undefined;
  const exportedAt = typeof h.exportedAt === "string" ? Date.parse(h.exportedAt) : Number.NaN;
  return {
    line,
    opId: str(h.opId),
    name: str(h.name),
    headSeq: typeof h.headSeq === "number" ? h.headSeq : null,
    headHash: str(h.headHash),
    exportedAt: Number.isFinite(exportedAt) ? exportedAt : null,
    headAt: typeof h.headAt === "number" ? h.headAt : null,
    exportedBy: by && typeof by === "object" ? `${str(by.name) ?? "?"} (${str(by.role) ?? "?"})` : null,
    reason: str(h.reason),
    recipient: str(h.recipient),
    signature,
  };
}

/** Repeats and moves, in file order; returns the first occurrence of each seq. */
function checkOrder(events: EventLine[], add: (kind: FindingKind, seq: number | null, message: string) => void): Map<number, EventLine> {
  const bySeq = new Map<number, EventLine>();
  let highest: EventLine | null = null;
  for (const e of events) {
    const first = bySeq.get(e.seq);
    if (first) {
      add("repeated", e.seq, `repeated: seq ${e.seq} is on line ${first.line} and again on line ${e.line}`);
      continue;
    }
    if (highest && e.seq < highest.seq) {
      add("reordered", e.seq, `reordered: seq ${highest.seq} (line ${highest.line}) comes before seq ${e.seq} (line ${e.line})`);
    }
    bySeq.set(e.seq, e);
    if (!highest || e.seq > highest.seq) highest = e;
  }
  return bySeq;
}

/** Gaps, each event's own hash, and each link to the one before. */
function checkChain(bySeq: Map<number, EventLine>, add: (kind: FindingKind, seq: number | null, message: string) => void): void {
  const last = Math.max(0, ...bySeq.keys());
  let missingFrom: number | null = null;
  for (let seq = 1; seq <= last + 1; seq++) {
    const e = bySeq.get(seq);
    if (!e && seq <= last) {
      missingFrom ??= seq;
      continue;
    }
    if (missingFrom !== null) {
      add(
        "removed",
        missingFrom,
        missingFrom === seq - 1 ? `removed: seq ${missingFrom} is missing` : `removed: seqs ${missingFrom}–${seq - 1} are missing`,
      );
      missingFrom = null;
    }
    if (!e) continue;
    const own = typeof e.prevHash === "string" ? sha256(hashedText(e.prevHash, e.body)) : null;
    if (own !== e.hash) {
      add("altered", seq, `altered: the content of seq ${seq} (line ${e.line}) does not match its own hash`);
      continue;
    }
    const before = seq === 1 ? { hash: GENESIS_HASH } : bySeq.get(seq - 1);
    if (before && e.prevHash !== before.hash) {
      add("altered", seq, `altered: seq ${seq} does not link to seq ${seq - 1} (its prevHash is not that event's hash)`);
    }
  }
}

function checkHead(
  header: HeaderInfo,
  bySeq: Map<number, EventLine>,
  last: number | null,
  add: (kind: FindingKind, seq: number | null, message: string) => void,
): void {
  if (header.headSeq === null) return;
  const end = last ?? 0;
  if (end < header.headSeq) {
    add("truncated", end, `truncated: the export ends at seq ${end}, but its header says the log held ${header.headSeq} events`);
  }
  if (end > header.headSeq) {
    add(
      "appended",
      header.headSeq + 1,
      `appended: seqs ${header.headSeq + 1}–${end} are past the head the header signed (seq ${header.headSeq})`,
    );
  }
  const atHead = bySeq.get(header.headSeq);
  if (atHead && header.headHash !== null && atHead.hash !== header.headHash) {
    add("forged", header.headSeq, `forged: the hash of seq ${header.headSeq} is not the head hash in the header: the chain was rewritten`);
  }
}

function checkCheckpoints(
  opts: VerifyOptions,
  header: HeaderInfo | null,
  events: EventLine[],
  bySeq: Map<number, EventLine>,
  last: number | null,
  firstBroken: number,
  add: (kind: FindingKind, seq: number | null, message: string) => void,
): VerifyReport["checkpoints"] {
  const given = opts.checkpoints !== undefined;
  const opId = header?.opId ?? events.find((e) => e.opId)?.opId ?? null;
  const valid: ValidCheckpoint[] = [];
  let read = 0;
  for (const c of opts.checkpoints ?? []) {
    const v = c.value as Record<string, unknown> | null;
    if (v?.kind !== "cordon-checkpoint" || v.opId !== opId) continue;
    read++;
    const where = `${c.file}:${c.line}`;
    if (typeof v.seq !== "number" || typeof v.hash !== "string" || typeof v.at !== "number") {
      add("checkpoint-invalid", null, `checkpoint ${where} is malformed`);
      continue;
    }
    if (opts.publicKey) {
      const check = checkSignature(v, opts.publicKey);
      if (check !== "valid") {
        add(
          "checkpoint-invalid",
          v.seq,
          `checkpoint ${where} (seq ${v.seq}): signature ${check === "other-key" ? "by another key" : check}`,
        );
        continue;
      }
    }
    valid.push({ seq: v.seq, hash: v.hash, at: v.at, where });
  }
  let confirmedTo: ValidCheckpoint | null = null;
  let raised = 0;
  const raise = (kind: FindingKind, seq: number | null, message: string) => {
    raised++;
    add(kind, seq, message);
  };
  for (const c of valid) {
    const e = bySeq.get(c.seq);
    if (e) {
      if (e.hash !== c.hash) {
        raise(
          "forged",
          c.seq,
          `forged: seq ${c.seq} is not the event the server signed at ${londonIso(c.at)} (checkpoint ${c.where}): the chain was rewritten at or before it`,
        );
        // A matching head confirms the prefix only when the chain up to it holds.
      } else if (c.seq < firstBroken && (!confirmedTo || c.seq > confirmedTo.seq)) confirmedTo = c;
      continue;
    }
    const end = last ?? 0;
    // With a header, only a checkpoint signed by the head's own time proves the export short
    // (the log may have grown after it was exported); without one, any later checkpoint does.
    if (c.seq > end && (header?.headAt == null || c.at <= header.headAt)) {
      raise(
        "truncated",
        end,
        `truncated: the export ends at seq ${end}, but the server had signed seq ${c.seq} at ${londonIso(c.at)}${header?.headAt != null ? ", before the export's last event" : ""}`,
      );
    }
  }
  // An event stamped before a checkpoint but numbered past it cannot have been in the server's log.
  for (const c of valid) {
    const late = [...bySeq.values()].filter((e) => e.seq > c.seq && e.at !== null && e.at <= c.at).sort((a, b) => a.seq - b.seq)[0];
    if (late) {
      raise(
        "forged",
        late.seq,
        `appended or forged: seq ${late.seq} is stamped ${londonIso(late.at!)}, but the server's head was seq ${c.seq} when it signed at ${londonIso(c.at)}`,
      );
      break;
    }
  }
  if (raised === 0 && !confirmedTo && valid.some((c) => c.seq <= (last ?? 0)) && firstBroken > (last ?? 0)) {
    add("forged", null, "forged: no checkpoint confirms any event of this chain");
  }
  return { given, signaturesChecked: opts.publicKey !== undefined, read, valid, confirmedTo };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

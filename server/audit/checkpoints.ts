import fs from "node:fs";
import path from "node:path";
import type { Signature, Signer } from "./signing";

/** One signed head of one operation's log, as written to the checkpoint files. */
export interface Checkpoint {
  kind: "cordon-checkpoint";
  v: 1;
  opId: string;
  seq: number;
  hash: string;
  /** Server time of signing, ms since the epoch (record time, the log's own clock). */
  at: number;
  /** Why it was written: the minute timer, or the operation (or server) closing. */
  reason: "interval" | "close";
  signature: Signature;
}

export interface CheckpointerOptions {
  signer: Signer;
  /** Each is appended to, never rewritten: the first is the server's, others are witnesses. */
  dirs: readonly string[];
  everyMs: number;
  now: () => number;
  /** The current head of every live operation's log. */
  heads: () => Iterable<{ opId: string; seq: number; hash: string }>;
  onError: (err: unknown, what: string) => void;
}

/** File of one operation's checkpoints, one JSON object a line. */
export const checkpointFile = (dir: string, opId: string) => path.join(dir, `${opId}.checkpoints.ndjson`);

/**
 * Signs the head of each live log every `everyMs` (when it moved) and at close, appending each
 * checkpoint to every directory (DESIGN §8). A sink that fails is reported, never fatal: the
 * log itself is already durable, and the next checkpoint covers everything before it.
 */
export class Checkpointer {
  private readonly signedSeq = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: CheckpointerOptions) {
    for (const dir of opts.dirs) fs.mkdirSync(dir, { recursive: true });
  }

  start(): void {
    this.timer = setInterval(() => this.writeDue("interval"), this.opts.everyMs);
    this.timer.unref();
  }

  /** Writes a checkpoint for every log whose head moved since its last one; returns those written. */
  writeDue(reason: Checkpoint["reason"]): Checkpoint[] {
    const written: Checkpoint[] = [];
    for (const head of this.opts.heads()) {
      if (head.seq === 0 || (this.signedSeq.get(head.opId) ?? 0) >= head.seq) continue;
      const checkpoint = this.opts.signer.signed({
        kind: "cordon-checkpoint" as const,
        v: 1 as const,
        opId: head.opId,
        seq: head.seq,
        hash: head.hash,
        at: this.opts.now(),
        reason,
      });
      this.append(checkpoint);
      this.signedSeq.set(head.opId, head.seq);
      written.push(checkpoint);
    }
    return written;
  }

  /** Final checkpoints, then no more. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.writeDue("close");
  }

  private append(checkpoint: Checkpoint): void {
    const line = `${JSON.stringify(checkpoint)}\n`;
    for (const dir of this.opts.dirs) {
      let fd: number | null = null;
      try {
        fd = fs.openSync(checkpointFile(dir, checkpoint.opId), "a", 0o644);
        fs.writeSync(fd, line);
        fs.fsyncSync(fd);
      } catch (err) {
        this.opts.onError(err, `checkpoint not written to ${dir}`);
      } finally {
        if (fd !== null) fs.closeSync(fd);
      }
    }
  }
}

/** Reads checkpoints from a file or every `*.checkpoints.ndjson` in a directory; bad lines are returned as such. */
export function readCheckpoints(where: string): { file: string; line: number; value: unknown }[] {
  const files = fs.statSync(where).isDirectory()
    ? fs
        .readdirSync(where)
        .filter((f) => f.endsWith(".checkpoints.ndjson"))
        .sort()
        .map((f) => path.join(where, f))
    : [where];
  const out: { file: string; line: number; value: unknown }[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((text, i) => {
      if (!text.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = null;
      }
      out.push({ file, line: i + 1, value });
    });
  }
  return out;
}

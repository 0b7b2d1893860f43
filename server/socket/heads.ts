/** One `head` message: the server's clock, and for control the log's last seq (null for others). */
export interface HeadMessage {
  opId: string;
  seq: number | null;
  now: number;
}

/** Where heads go: a room of the operation's sockets, or one socket that has just said hello. */
export interface HeadOutlet {
  /** To every control socket of the operation (on this process). */
  control(head: HeadMessage): void;
  /** To every steward and officer socket of the operation (on this process). */
  filtered(head: HeadMessage): void;
}

/** A socket that has said hello, as far as the head clock needs it. */
export interface Greeted {
  readonly id: string;
  readonly connected: boolean;
  emitHead(head: HeadMessage): void;
}

export interface HeadTiming {
  /** Control hears a head at least every this many ticks, even when the seq has not moved. */
  controlHeartbeatTicks: number;
  /** Stewards and officers get a clock sample every this many ticks. */
  clockEveryTicks: number;
  /** A greeted socket's second sample comes this many ticks after its hello (the rate needs two). */
  secondSampleTicks: number;
}

/**
 * Control's board calls a link silent after 5 s (client/src/sync/linkRules.ts), so a heartbeat
 * every 2 s leaves room for two lost or late ones. Stewards and officers only keep a clock
 * (client/src/sync/serverClock.ts): a sample at hello, one 2 s later to measure its rate (the
 * demo runs at ten times speed), then one every 30 s.
 */
export const HEAD_TIMING: HeadTiming = { controlHeartbeatTicks: 2, clockEveryTicks: 30, secondSampleTicks: 2 };

interface Log {
  opId: string;
  seq: number;
}

/**
 * Who hears `head` and when (issue 14): once a second to every socket cost a stadium's worth of
 * sockets a large share of a core for nothing. Driven by one timer for the whole process
 * (`tick`), never one per connection; the sockets waiting for their second clock sample are the
 * only per-socket state, and each is dropped once served or gone.
 */
export class HeadClock {
  private ticks = 0;
  /** Per operation: the seq control last heard, and at which tick. */
  private readonly toldControl = new Map<string, { seq: number; tick: number }>();
  /** Sockets owed their second clock sample, by socket id. */
  private readonly owed = new Map<string, { socket: Greeted; opId: string; due: number }>();

  constructor(
    private readonly outlet: HeadOutlet,
    private readonly now: () => number,
    private readonly timing: HeadTiming = HEAD_TIMING,
  ) {}

  /** One second has passed: heads to whoever needs one now. */
  tick(logs: Iterable<Log>): void {
    this.ticks++;
    const live = new Set<string>();
    for (const log of logs) {
      live.add(log.opId);
      this.tellControl(log);
      if (this.ticks % this.timing.clockEveryTicks === 0) this.outlet.filtered({ opId: log.opId, seq: null, now: this.now() });
    }
    for (const opId of this.toldControl.keys()) if (!live.has(opId)) this.toldControl.delete(opId);
    for (const [id, owed] of this.owed) {
      if (!owed.socket.connected) this.owed.delete(id);
      else if (this.ticks >= owed.due) {
        this.owed.delete(id);
        owed.socket.emitHead({ opId: owed.opId, seq: null, now: this.now() });
      }
    }
  }

  /**
   * A steward or officer socket has had its hello answered: a clock sample now, and a second one
   * a couple of ticks later, so its clock has an anchor and a rate straight away.
   */
  greet(socket: Greeted, opId: string): void {
    socket.emitHead({ opId, seq: null, now: this.now() });
    this.owed.set(socket.id, { socket, opId, due: this.ticks + this.timing.secondSampleTicks });
  }

  /** Sockets still owed their second sample (for tests and metrics). */
  owedCount(): number {
    return this.owed.size;
  }

  private tellControl(log: Log): void {
    const told = this.toldControl.get(log.opId);
    const moved = told === undefined || told.seq !== log.seq;
    if (!moved && this.ticks - told.tick < this.timing.controlHeartbeatTicks) return;
    this.toldControl.set(log.opId, { seq: log.seq, tick: this.ticks });
    this.outlet.control({ opId: log.opId, seq: log.seq, now: this.now() });
  }
}

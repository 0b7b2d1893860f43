/** One `head` message: the server's clock, and for control the log's last seq (null for others). */
export interface HeadMessage {
  opId: string;
  seq: number | null;
  now: number;
}

/** Where control's heads go: a room of the operation's sockets (on this process). */
export interface HeadOutlet {
  /** To every control socket of the operation (on this process). */
  control(head: HeadMessage): void;
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
 * demo runs at ten times speed), then one every 30 s, each socket on its own turn.
 */
export const HEAD_TIMING: HeadTiming = { controlHeartbeatTicks: 2, clockEveryTicks: 30, secondSampleTicks: 2 };

interface Log {
  opId: string;
  seq: number;
}

/** A greeted socket's clock: where its samples go, and the tick of its last one. */
interface Clock {
  socket: Greeted;
  opId: string;
  heardAt: number;
}

/**
 * Who hears `head` and when (issue 14): once a second to every socket cost a stadium's worth of
 * sockets a large share of a core for nothing. Driven by one timer for the whole process
 * (`tick`), never one per connection. Each steward and officer socket that said hello has a turn
 * among the `clockEveryTicks` ticks (dealt in turn as they greet), so a tick samples a
 * thirtieth of them: one sample to all 4,250 at once wrote to every socket in one turn of the
 * event loop, every 30 s. A socket is forgotten when it disconnects, or when its turn finds it gone.
 * A turn that falls within half a round of the socket's last sample (just after its hello) is skipped.
 */
export class HeadClock {
  private ticks = 0;
  /** Per operation: the seq control last heard, and at which tick. */
  private readonly toldControl = new Map<string, { seq: number; tick: number }>();
  /** Sockets owed their second clock sample, by socket id. */
  private readonly owed = new Map<string, { clock: Clock; due: number }>();
  /** The greeted sockets, by their turn among the ticks, then by socket id. */
  private readonly turns: Map<string, Clock>[];
  private dealt = 0;

  constructor(
    private readonly outlet: HeadOutlet,
    private readonly now: () => number,
    private readonly timing: HeadTiming = HEAD_TIMING,
  ) {
    this.turns = Array.from({ length: Math.max(1, timing.clockEveryTicks) }, () => new Map());
  }

  /** One second has passed: heads to whoever needs one now. */
  tick(logs: Iterable<Log>): void {
    this.ticks++;
    const live = new Set<string>();
    for (const log of logs) {
      live.add(log.opId);
      this.tellControl(log);
    }
    for (const opId of this.toldControl.keys()) if (!live.has(opId)) this.toldControl.delete(opId);
    for (const [id, owed] of this.owed) {
      if (!owed.clock.socket.connected) this.owed.delete(id);
      else if (this.ticks >= owed.due) {
        this.owed.delete(id);
        this.sample(owed.clock);
      }
    }
    const turn = this.turns[this.ticks % this.turns.length];
    // A socket greeted lately has its samples already: its first turn is skipped until half a round has passed.
    const recent = this.ticks - Math.floor(this.turns.length / 2);
    for (const [id, clock] of turn ?? []) {
      if (!clock.socket.connected) turn?.delete(id);
      else if (clock.heardAt <= recent) this.sample(clock);
    }
  }

  private sample(clock: Clock): void {
    clock.heardAt = this.ticks;
    clock.socket.emitHead({ opId: clock.opId, seq: null, now: this.now() });
  }

  /**
   * A steward or officer socket has had its hello answered: a clock sample now, and a second one
   * a couple of ticks later, so its clock has an anchor and a rate straight away; then one on its
   * turn, every `clockEveryTicks` ticks (the first turn at least half a round after the hello). A
   * second hello (another operation) replaces the first.
   */
  greet(socket: Greeted, opId: string): void {
    this.forget(socket.id);
    const clock: Clock = { socket, opId, heardAt: this.ticks };
    this.sample(clock);
    this.owed.set(socket.id, { clock, due: this.ticks + this.timing.secondSampleTicks });
    this.turns[this.dealt++ % this.turns.length]?.set(socket.id, clock);
  }

  /** A socket has disconnected: no more samples for it. */
  forget(id: string): void {
    this.owed.delete(id);
    for (const turn of this.turns) turn.delete(id);
  }

  /** Sockets still owed their second sample (for tests and metrics). */
  owedCount(): number {
    return this.owed.size;
  }

  /** Sockets that get a clock sample on their turn (for tests and metrics). */
  clockedCount(): number {
    return this.turns.reduce((n, t) => n + t.size, 0);
  }

  private tellControl(log: Log): void {
    const told = this.toldControl.get(log.opId);
    const moved = told === undefined || told.seq !== log.seq;
    if (!moved && this.ticks - told.tick < this.timing.controlHeartbeatTicks) return;
    this.toldControl.set(log.opId, { seq: log.seq, tick: this.ticks });
    this.outlet.control({ opId: log.opId, seq: log.seq, now: this.now() });
  }
}

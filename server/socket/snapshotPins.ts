import type { OperationState } from "../../shared/state";
import { planSnapshot, type SnapshotPlan } from "./snapshotPages";

/** How many snapshots one operation keeps while clients page through them (least recently used goes). */
const MAX_PINS = 32;
/**
 * A new snapshot reuses the audience's newest one while fewer events than this were committed
 * since: 200 control screens reloading at once share one plan, and each catches up the few
 * events after it from memory.
 */
const REUSE_WITHIN = 500;

export interface Pin {
  plan: SnapshotPlan;
  /** The log's head when the state was taken: events after it follow the snapshot. */
  head: number;
}

/**
 * The states that clients are paging through, per audience and seq. A pinned state costs little:
 * the fold is persistent, so it shares every entity the live state did not change since. A
 * client whose pin was evicted (or whose hello reached a process that never had it) is sent
 * page 1 of a new one and starts again.
 */
export class SnapshotPins {
  private readonly pins = new Map<string, Pin>();
  private readonly newest = new Map<string, Pin>();

  constructor(
    private readonly max = MAX_PINS,
    private readonly reuseWithin = REUSE_WITHIN,
  ) {}

  find(audience: string, seq: number): Pin | undefined {
    const key = `${audience}#${seq}`;
    const pin = this.pins.get(key);
    if (pin) {
      this.pins.delete(key);
      this.pins.set(key, pin);
    }
    return pin;
  }

  /**
   * The snapshot a client starts from: the plan of the audience's state now (the newest plan
   * again if the state is the same object: nothing it may see changed), or, for a state over
   * `shareAbove` bytes, the audience's newest plan while recent enough and not older than what
   * the client has (`lastSeq`). `head` is read before the state, so events between the two are
   * at worst sent twice (the client drops them), never lost.
   */
  async start(
    audience: string,
    head: number,
    lastSeq: number | null,
    stateOf: () => OperationState | Promise<OperationState>,
    budget: number,
    shareAbove = 0,
  ): Promise<Pin> {
    const recent = this.newest.get(audience);
    const live = recent && this.find(audience, recent.plan.state.seq) === recent ? recent : undefined;
    const notOlder = (p: Pin) => lastSeq === null || lastSeq > head || p.plan.state.seq >= lastSeq;
    if (live && live.plan.bytes > shareAbove && head - live.head <= this.reuseWithin && notOlder(live)) return live;
    const state = await stateOf();
    const pin: Pin = { plan: live?.plan.state === state ? live.plan : planSnapshot(state, budget), head };
    const key = `${audience}#${state.seq}`;
    this.pins.delete(key);
    this.pins.set(key, pin);
    this.newest.set(audience, pin);
    while (this.pins.size > this.max) {
      const [oldest, old] = this.pins.entries().next().value as [string, Pin];
      this.pins.delete(oldest);
      for (const [a, p] of this.newest) if (p === old) this.newest.delete(a);
    }
    return pin;
  }
}

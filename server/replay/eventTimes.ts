import type { TimeBasis } from "../../shared/replay";

/** Which events make up the board at T: every seq in 1..prefix, then `extra` (ascending, all > prefix). */
export interface Selection {
  prefix: number;
  extra: number[];
}

/**
 * The two clocks of every event of one operation, by seq: record time (`at`, when control knew)
 * and the reporter's own time (for a steward's report, the phone's `reporterTime` if earlier than
 * `at`; for every other event, `at`: a consequence is never shown before control made it).
 *
 * "The board at T by basis b" is the fold of exactly the events whose b-time is ≤ T, in seq
 * order. Record time is almost always non-decreasing in seq and the reporter's time almost never
 * is (a report held in a dead zone), so neither is assumed: a running maximum from the start and
 * a running minimum from the end bound, by binary search, the prefix that is wholly in and the
 * seq after which nothing is; only the events between are tested one by one.
 */
export class EventTimes {
  private length = 0;
  private readonly keys: Record<TimeBasis, Float64Array> = { record: new Float64Array(1024), reporter: new Float64Array(1024) };
  /** prefixMax[i] = max of key[0..i]; suffixMin[i] = min of key[i..length-1]. */
  private readonly prefixMax: Record<TimeBasis, Float64Array> = { record: new Float64Array(1024), reporter: new Float64Array(1024) };
  private readonly suffixMin: Record<TimeBasis, Float64Array> = { record: new Float64Array(1024), reporter: new Float64Array(1024) };

  /** The head seq: how many events are indexed. */
  get head(): number {
    return this.length;
  }

  /** Appends the next seqs' times, in seq order. */
  append(rows: readonly { at: number; reporterTime: number | null }[]): void {
    if (rows.length === 0) return;
    const from = this.length;
    this.grow(from + rows.length);
    for (const [i, row] of rows.entries()) {
      this.set("record", from + i, row.at);
      this.set("reporter", from + i, row.reporterTime ?? row.at);
    }
    this.length = from + rows.length;
    this.settleSuffixMin("record", from);
    this.settleSuffixMin("reporter", from);
  }

  /** Record time of every event, index i for seq i + 1 (ReplayMeta.eventTimes). */
  recordTimes(): number[] {
    return Array.from(this.keys.record.subarray(0, this.length));
  }

  recordTime(seq: number): number | undefined {
    return seq >= 1 && seq <= this.length ? this.keys.record[seq - 1] : undefined;
  }

  /** The events whose `basis` time is ≤ t. */
  select(t: number, basis: TimeBasis): Selection {
    const key = this.keys[basis];
    const prefix = this.firstAbove(this.prefixMax[basis], t);
    const last = this.firstAbove(this.suffixMin[basis], t);
    const extra: number[] = [];
    for (let i = prefix; i < last; i++) if ((key[i] ?? 0) <= t) extra.push(i + 1);
    return { prefix, extra };
  }

  /** Seqs of the events with record time in (from, to], ascending. */
  recordedBetween(from: number, to: number): number[] {
    const key = this.keys.record;
    const lo = this.firstAbove(this.prefixMax.record, from);
    const hi = this.firstAbove(this.suffixMin.record, to);
    const out: number[] = [];
    for (let i = lo; i < hi; i++) {
      const at = key[i] ?? 0;
      if (at > from && at <= to) out.push(i + 1);
    }
    return out;
  }

  /** The first index whose value is > t in a non-decreasing array (length if none). */
  private firstAbove(sorted: Float64Array, t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private set(basis: TimeBasis, i: number, value: number): void {
    this.keys[basis][i] = value;
    this.prefixMax[basis][i] = i === 0 ? value : Math.max(this.prefixMax[basis][i - 1] ?? value, value);
  }

  /** Recomputes the running minimum from the end, back only as far as the new rows change it. */
  private settleSuffixMin(basis: TimeBasis, firstNew: number): void {
    const key = this.keys[basis];
    const min = this.suffixMin[basis];
    for (let i = this.length - 1; i >= 0; i--) {
      const next = i + 1 < this.length ? (min[i + 1] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      const value = Math.min(key[i] ?? 0, next);
      if (i < firstNew && min[i] === value) return;
      min[i] = value;
    }
  }

  private grow(size: number): void {
    if (size <= this.keys.record.length) return;
    let capacity = this.keys.record.length;
    while (capacity < size) capacity *= 2;
    for (const table of [this.keys, this.prefixMax, this.suffixMin]) {
      for (const basis of ["record", "reporter"] as const) {
        const bigger = new Float64Array(capacity);
        bigger.set(table[basis]);
        table[basis] = bigger;
      }
    }
  }
}

/** Ascending seqs as [first, count] runs of consecutive seqs (the store reads ranges). */
export function runs(seqs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const seq of seqs) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === seq) last[1]++;
    else out.push([seq, 1]);
  }
  return out;
}

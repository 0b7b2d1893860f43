/**
 * A latency histogram with buckets 1 % apart, from 0.01 ms to minutes, that merges by adding
 * counts. The stadium bench records hundreds of thousands of position deliveries a second across
 * several load processes; a sorted array of every sample would be too big to ship to the parent.
 * Percentiles are read to within 1 %.
 */
const FLOOR_MS = 0.01;
const STEP = Math.log(1.01);
const BUCKETS = 2000; // 0.01 ms × 1.01^2000 ≈ 44 hours: nothing measured here reaches the top.

/** A histogram as it travels between processes: the counts of non-empty buckets. */
export interface HistogramData {
  buckets: [index: number, count: number][];
  max: number;
}

export class Histogram {
  private counts = new Uint32Array(BUCKETS);
  n = 0;
  max = 0;

  add(ms: number): void {
    const i = ms <= FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FLOOR_MS) / STEP));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.n++;
    if (ms > this.max) this.max = ms;
  }

  merge(data: HistogramData): this {
    for (const [i, c] of data.buckets) {
      this.counts[i] = (this.counts[i] ?? 0) + c;
      this.n += c;
    }
    if (data.max > this.max) this.max = data.max;
    return this;
  }

  /** The upper bound of the bucket holding the p-th percentile (NaN when empty). */
  percentile(p: number): number {
    if (this.n === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.max, FLOOR_MS * Math.exp(i * STEP));
    }
    return this.max;
  }

  data(): HistogramData {
    const buckets: [number, number][] = [];
    this.counts.forEach((c, i) => {
      if (c > 0) buckets.push([i, c]);
    });
    return { buckets, max: this.max };
  }

  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.max = 0;
  }

  static from(parts: readonly HistogramData[]): Histogram {
    const h = new Histogram();
    for (const p of parts) h.merge(p);
    return h;
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one machine. */
export const wallMs = () => performance.timeOrigin + performance.now();

import type { EntranceGroup } from "../../../../shared/entrances";
import { type GateCount, ratePerMinute } from "../../../../shared/ingress";

/** One entrance group as the ingress chart draws it. */
export interface IngressRow {
  id: string;
  name: string;
  /** People through so far (null: no count yet). */
  count: number | null;
  capacity: number;
  /** Capacity not yet used, for the stacked bar. */
  left: number;
  /** People a minute over the last five minutes (null: fewer than two counts seen). */
  rate: number | null;
  perMinute: number;
  /** Throughput not in use, for the stacked bar. */
  spare: number;
  queue: number | null;
  hot: boolean;
}

/** The chart's rows, in the plan's order, from the latest counts and the recent readings. */
export function ingressRows(
  groups: readonly EntranceGroup[],
  latest: Readonly<Record<string, GateCount>>,
  recent: Readonly<Record<string, readonly GateCount[]>>,
  hot: ReadonlySet<string>,
): IngressRow[] {
  return groups.map((g) => {
    const l = latest[g.id];
    const mine = recent[g.id] ?? [];
    const last = mine[mine.length - 1];
    const rate = last
      ? ratePerMinute(
          mine.filter((r) => r.source === last.source),
          last.at,
        )
      : null;
    const count = l?.count ?? null;
    const r = rate === null ? null : Math.max(0, Math.round(rate));
    return {
      id: g.id,
      name: g.name,
      count,
      capacity: g.capacity,
      left: Math.max(0, g.capacity - (count ?? 0)),
      rate: r,
      perMinute: g.perMinute,
      spare: Math.max(0, g.perMinute - (r ?? 0)),
      queue: l?.queue ?? null,
      hot: hot.has(g.id),
    };
  });
}

/** The whole ground: people through, capacity, and the rate of the groups with one. */
export function ingressTotals(rows: readonly IngressRow[]): { count: number; capacity: number; rate: number | null } {
  const rated = rows.filter((r) => r.rate !== null);
  return {
    count: rows.reduce((n, r) => n + (r.count ?? 0), 0),
    capacity: rows.reduce((n, r) => n + r.capacity, 0),
    rate: rated.length > 0 ? rated.reduce((n, r) => n + (r.rate ?? 0), 0) : null,
  };
}

import type { LatLng } from "../events";
import { distanceMetres } from "../geo";
import type { Chain, JunctionRoute, Leg, WalkGraph } from "./walkGraph";

export { NEAR_ROUTE_M } from "./walkGraph";

/** Where a position joins the graph: its nearest point and the straight metres to it. */
export interface Joined {
  node: number;
  metres: number;
}

/** The nearest graph point within NEAR_ROUTE_M of `at`, or null: no route nearby. */
export function joinGraph(graph: WalkGraph, at: LatLng): Joined | null {
  const { x, y } = graph.frame.toXY(at);
  const node = graph.index.nearest(x, y);
  return node === null ? null : { node, metres: distanceMetres(at, graph.points[node] as LatLng) };
}

/** The shortest walk between two junctions: ngraph.path's A*, once per pair and graph. */
function junctionRoute(graph: WalkGraph, from: number, to: number): JunctionRoute {
  const key = from * graph.points.length + to;
  const known = graph.memo.get(key);
  if (known) return known;
  // find() gives the path from `to` back to `from`.
  const path =
    from === to
      ? []
      : graph.finder
          .find(from, to)
          .map((n) => Number(n.id))
          .reverse();
  let route: JunctionRoute = { metres: from === to ? 0 : Number.POSITIVE_INFINITY, legs: [] };
  if (path.length > 1) {
    const legs: Leg[] = [];
    let metres = 0;
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path[i] as number;
      const b = path[i + 1] as number;
      const link = graph.junctions.getLink(a, b) ?? graph.junctions.getLink(b, a);
      if (!link) break;
      const chain = graph.chains[link.data.chain] as Chain;
      const last = chain.nodes.length - 1;
      legs.push(chain.nodes[0] === a ? { chain: link.data.chain, from: 0, to: last } : { chain: link.data.chain, from: last, to: 0 });
      metres += link.data.metres;
    }
    route = { metres, legs };
  }
  graph.memo.set(key, route);
  return route;
}

/** The junctions a point can walk to along its own chain, with the leg there. */
function exits(graph: WalkGraph, node: number): { junction: number; metres: number; leg: Leg | null }[] {
  const place = graph.placeOf[node];
  if (!place || place.junction || place.chain < 0) return [{ junction: node, metres: 0, leg: null }];
  const chain = graph.chains[place.chain] as Chain;
  const last = chain.nodes.length - 1;
  const here = chain.cum[place.index] ?? 0;
  return [
    { junction: chain.nodes[0] as number, metres: here, leg: { chain: place.chain, from: place.index, to: 0 } },
    {
      junction: chain.nodes[last] as number,
      metres: (chain.cum[last] ?? 0) - here,
      leg: { chain: place.chain, from: place.index, to: last },
    },
  ];
}

const reversed = (leg: Leg): Leg => ({ chain: leg.chain, from: leg.to, to: leg.from });

/** The shortest walk between two graph points (metres Infinity when no route joins them). */
export function routeBetween(graph: WalkGraph, from: number, to: number): JunctionRoute {
  let best: JunctionRoute = { metres: from === to ? 0 : Number.POSITIVE_INFINITY, legs: [] };
  const a = graph.placeOf[from];
  const b = graph.placeOf[to];
  if (a && b && !a.junction && !b.junction && a.chain === b.chain && from !== to) {
    const chain = graph.chains[a.chain] as Chain;
    best = {
      metres: Math.abs((chain.cum[a.index] ?? 0) - (chain.cum[b.index] ?? 0)),
      legs: [{ chain: a.chain, from: a.index, to: b.index }],
    };
  }
  const ends = exits(graph, to);
  for (const start of exits(graph, from)) {
    for (const end of ends) {
      const middle = junctionRoute(graph, start.junction, end.junction);
      const metres = start.metres + middle.metres + end.metres;
      if (metres >= best.metres) continue;
      const legs = [...(start.leg ? [start.leg] : []), ...middle.legs, ...(end.leg ? [reversed(end.leg)] : [])];
      best = { metres, legs };
    }
  }
  return best;
}

/** A named route or walkway a walk follows, with the metres walked along it. */
export interface Stretch {
  name: string;
  metres: number;
}

/** The routes and walkways a walk follows, in order of first use, each once with its total metres. */
export function legStretches(graph: WalkGraph, legs: readonly Leg[]): Stretch[] {
  const stretches: Stretch[] = [];
  for (const leg of legs) {
    const chain = graph.chains[leg.chain] as Chain;
    const step = leg.to >= leg.from ? 1 : -1;
    for (let i = leg.from; i !== leg.to; i += step) {
      const edge = step > 0 ? i : i - 1;
      const name = chain.names[edge] ?? "";
      const metres = (chain.cum[edge + 1] ?? 0) - (chain.cum[edge] ?? 0);
      const known = stretches.find((s) => s.name === name);
      if (known) known.metres += metres;
      else stretches.push({ name, metres });
    }
  }
  return stretches;
}

const latLng = (p: LatLng): LatLng => ({ lat: p.lat, lng: p.lng });

/** The points a walk passes, in order. */
export function legPath(graph: WalkGraph, legs: readonly Leg[]): LatLng[] {
  const path: LatLng[] = [];
  for (const leg of legs) {
    const chain = graph.chains[leg.chain] as Chain;
    const step = leg.to >= leg.from ? 1 : -1;
    for (let i = leg.from; ; i += step) {
      const p = graph.points[chain.nodes[i] as number] as LatLng;
      const prev = path[path.length - 1];
      if (!prev || prev.lat !== p.lat || prev.lng !== p.lng) path.push(latLng(p));
      if (i === leg.to) break;
    }
  }
  return path;
}

/** A walk from one place to another, for the map or a test. */
export interface WalkRoute {
  /** Metres walked, from `from` to `to`, the straight legs to and from the graph included. */
  metres: number;
  /** Route and walkway names followed, in order, each once; empty for a straight line. */
  via: readonly string[];
  /** False when either end is more than NEAR_ROUTE_M from every route, or no route joins them. */
  onRoutes: boolean;
  /** The points walked, `from` and `to` included. */
  path: readonly LatLng[];
}

/** The shortest walk along the plan's routes from one place to another, or a straight line. */
export function walkRoute(graph: WalkGraph, from: LatLng, to: LatLng): WalkRoute {
  const a = joinGraph(graph, from);
  const b = joinGraph(graph, to);
  const route = a && b ? routeBetween(graph, a.node, b.node) : null;
  if (!a || !b || !route || !Number.isFinite(route.metres)) {
    return { metres: distanceMetres(from, to), via: [], onRoutes: false, path: [from, to] };
  }
  return {
    metres: a.metres + route.metres + b.metres,
    via: legStretches(graph, route.legs).map((s) => s.name),
    onRoutes: true,
    // A walk within one point of the graph still passes that point.
    path: [from, ...(route.legs.length > 0 ? legPath(graph, route.legs) : [latLng(graph.points[a.node] as LatLng)]), to],
  };
}

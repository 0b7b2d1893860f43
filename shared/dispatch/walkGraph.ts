import createGraph, { type Graph, type Link } from "ngraph.graph";
import { aStar, type PathFinder } from "ngraph.path";
import type { LatLng } from "../events";
import { distanceMetres, type LocalFrame, localFrame } from "../geo";
import type { VenuePlan } from "../venue";
import { type NodeIndex, nodeIndex } from "./nodeIndex";
import { type WalkEdge, type WalkPoint, walkLines } from "./walkLines";

/**
 * The walk graph of a venue plan: its route and walkway lines as an ngraph.graph of points
 * (every ≤ 25 m), and a second, small ngraph.graph of the junctions only (points where lines
 * meet or end), whose links are the chains of points between them. Paths are searched with
 * ngraph.path's A* over the junction graph, so a search costs tens of junctions, not hundreds
 * of points, and each junction pair is searched once per graph (memoised).
 *
 * Build it once per plan with `buildWalkGraph(plan)` (cached per plan object), then ask
 * `walkRoute` or `recommendUnits`. Everything here is pure; the memo only saves work.
 */
export interface WalkGraph {
  readonly points: readonly WalkPoint[];
  /** Every point and edge, as ngraph.graph (node id = index in `points`). */
  readonly full: Graph<WalkPoint, WalkEdge>;
  readonly chains: readonly Chain[];
  /** Per point: the chain it lies on and its index there; a junction lies at a chain's end. */
  readonly placeOf: readonly Place[];
  readonly junctions: Graph<WalkPoint, JunctionLink>;
  readonly finder: PathFinder<WalkPoint>;
  readonly index: NodeIndex;
  readonly frame: LocalFrame;
  /** The plan's stations (BTP suit incidents near them). */
  readonly stations: readonly LatLng[];
  /** Junction-to-junction routes found so far, keyed `from * points.length + to`. */
  readonly memo: Map<number, JunctionRoute>;
}

/** Points between two junctions; `cum[i]` metres from `nodes[0]`, `names[i]` the edge i→i+1. */
export interface Chain {
  nodes: readonly number[];
  cum: readonly number[];
  names: readonly string[];
}

export interface Place {
  chain: number;
  index: number;
  junction: boolean;
}

interface JunctionLink {
  chain: number;
  metres: number;
}

/** Part of a chain walked from index `from` to index `to` (either way). */
export interface Leg {
  chain: number;
  from: number;
  to: number;
}

export interface JunctionRoute {
  metres: number;
  legs: readonly Leg[];
}

/** A unit or an incident farther than this from every point of the graph goes in a straight line. */
export const NEAR_ROUTE_M = 150;

const cache = new WeakMap<VenuePlan, WalkGraph>();

/** The walk graph of a plan, built on first use and cached per plan object. */
export function buildWalkGraph(plan: VenuePlan): WalkGraph {
  const cached = cache.get(plan);
  if (cached) return cached;
  const built = build(plan);
  cache.set(plan, built);
  return built;
}

function build(plan: VenuePlan): WalkGraph {
  const frame = localFrame(plan.centre);
  const { points, edges } = walkLines(plan, frame);
  const full = createGraph<WalkPoint, WalkEdge>();
  points.forEach((p, id) => {
    full.addNode(id, p);
  });
  for (const e of edges) full.addLink(e.a, e.b, e);
  const isJunction = points.map((_, id) => (full.getLinks(id)?.size ?? 0) !== 2);
  const chains = walkChains(full, isJunction);
  const placeOf: Place[] = points.map(() => ({ chain: -1, index: -1, junction: false }));
  chains.forEach((c, chain) => {
    c.nodes.forEach((node, index) => {
      placeOf[node] = { chain, index, junction: isJunction[node] === true };
    });
  });
  const junctions = junctionGraph(points, chains, isJunction);
  const finder = aStar(junctions, {
    distance: (_from, _to, link) => link.data.metres,
    heuristic: (from, to) => distanceMetres(from.data, to.data),
  });
  const stations = plan.features.features.flatMap((f) =>
    f.properties.kind === "station" && f.geometry.type === "Point"
      ? [{ lat: f.geometry.coordinates[1] ?? 0, lng: f.geometry.coordinates[0] ?? 0 }]
      : [],
  );
  return { points, full, chains, placeOf, junctions, finder, index: nodeIndex(points, NEAR_ROUTE_M), frame, stations, memo: new Map() };
}

/** Splits the graph into chains between junctions; a ring with no junction gets one (marked). */
function walkChains(full: Graph<WalkPoint, WalkEdge>, isJunction: boolean[]): Chain[] {
  const chains: Chain[] = [];
  const used = new Set<string>();
  const startFrom = (start: number) => {
    for (const first of full.getLinks(start) ?? []) {
      if (!used.has(first.id)) chains.push(followChain(full, start, first, used, isJunction));
    }
  };
  isJunction.forEach((j, id) => {
    if (j) startFrom(id);
  });
  // What is left unwalked is a ring of degree-2 points: start it anywhere.
  isJunction.forEach((_, id) => {
    if ([...(full.getLinks(id) ?? [])].some((l) => !used.has(l.id))) {
      isJunction[id] = true;
      startFrom(id);
    }
  });
  return chains;
}

function followChain(
  full: Graph<WalkPoint, WalkEdge>,
  start: number,
  first: Link<WalkEdge>,
  used: Set<string>,
  isJunction: readonly boolean[],
): Chain {
  const nodes = [start];
  const cum = [0];
  const names: string[] = [];
  let link = first;
  let at = start;
  for (;;) {
    used.add(link.id);
    at = Number(link.fromId) === at ? Number(link.toId) : Number(link.fromId);
    nodes.push(at);
    cum.push((cum[cum.length - 1] ?? 0) + link.data.metres);
    names.push(link.data.name);
    if (isJunction[at]) break;
    const next = [...(full.getLinks(at) ?? [])].find((l) => !used.has(l.id));
    if (!next) break;
    link = next;
  }
  return { nodes, cum, names };
}

/** Junctions joined by their chains; of two chains between one pair, the shorter (the other is never shortest). */
function junctionGraph(points: readonly WalkPoint[], chains: readonly Chain[], isJunction: readonly boolean[]) {
  const graph = createGraph<WalkPoint, JunctionLink>();
  points.forEach((p, id) => {
    if (isJunction[id]) graph.addNode(id, p);
  });
  const best = new Map<string, JunctionLink & { a: number; b: number }>();
  chains.forEach((c, chain) => {
    const a = c.nodes[0] as number;
    const b = c.nodes[c.nodes.length - 1] as number;
    const metres = c.cum[c.cum.length - 1] ?? 0;
    if (a === b) return;
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const seen = best.get(key);
    if (!seen || metres < seen.metres) best.set(key, { a, b, chain, metres });
  });
  for (const { a, b, chain, metres } of best.values()) graph.addLink(a, b, { chain, metres });
  return graph;
}

import fs from "node:fs";
import os from "node:os";
import type { FeatureCollection, Geometry } from "geojson";
import { Random } from "../server/demo/random";
import { valuesOf } from "../shared/collection";
import { recommendUnits } from "../shared/dispatch/recommend";
import { buildWalkGraph, type WalkGraph } from "../shared/dispatch/walkGraph";
import { DEPLOYABLE_STATUSES, INCIDENT_TYPES, UNIT_KINDS, type UnitStatus } from "../shared/domain";
import type { LatLng } from "../shared/events";
import { distanceMetres } from "../shared/geo";
import { type Fix, type Incident, initialState, type OperationState, type StewardReport, type Unit } from "../shared/state";
import { likelyDuplicates } from "../shared/triage";
import { readVenue, type VenueProps } from "../shared/venue";
import { summarise } from "./support";

const CALLS = 400;
const SEED = 10;
const STATUSES: readonly UnitStatus[] = [
  "available",
  "available",
  "available",
  "available",
  "returning",
  "refreshment",
  "en-route",
  "on-scene",
];

/**
 * Issue 10's dispatch budget: recommendUnits over 1,000 (and 3,500) units answers in ≤ 10 ms.
 * Seeded units (kinds, statuses, 95% with a fix: most near the walk graph, some anywhere on the
 * plan) and seeded incidents (type, place near a route); each size on a fresh graph, its first
 * call timed apart (the junction routes are found then), then 50 untimed calls to warm the JIT.
 * Beside it, in the same run, the bare baseline: the straight-line sort the board used before
 * (filter, distance, sort). Then triage: likely duplicates for every card of a 500-report queue.
 */
export async function dispatchBench(): Promise<void> {
  const plan = readVenue(
    JSON.parse(fs.readFileSync(new URL("../shared/venue/wembley.geojson", import.meta.url), "utf8")) as FeatureCollection<
      Geometry,
      VenueProps
    >,
  );
  const t = performance.now();
  const graph = buildWalkGraph(plan);
  const buildMs = performance.now() - t;
  console.log(
    `\nDispatch recommender — Wembley walk graph: ${graph.points.length} points, ${graph.junctions.getNodeCount()} junctions, built in ${buildMs.toFixed(1)} ms`,
  );
  console.log(`load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores; ${CALLS} calls per size, seed ${SEED}`);
  console.log(`${"".padEnd(40)} ${["p50 ms", "p99 ms", "max ms", "cpu p50", "cpu p99"].map((h) => h.padStart(8)).join(" ")}`);
  for (const size of [1000, 3500]) benchSize(graph, size);
  triageBench();
}

function benchSize(graph: WalkGraph, size: number): void {
  const random = new Random(SEED + size);
  const { units, positions } = makeUnits(random, graph, size);
  const incidents = Array.from({ length: CALLS }, () => ({ type: random.pick(INCIDENT_TYPES), location: nearGraph(random, graph, 80) }));
  graph.memo.clear();
  const [first] = timed(incidents.slice(0, 1), (incident) => recommendUnits({ incident, units, positions, graph })).wall;
  // Warm up both (the JIT), untimed: the board calls these many times.
  for (const incident of incidents.slice(0, 50)) {
    recommendUnits({ incident, units, positions, graph });
    straightLineSort(units, positions, incident.location);
  }
  const recommend = summary(timed(incidents, (incident) => recommendUnits({ incident, units, positions, graph })));
  const baseline = summary(timed(incidents, (incident) => straightLineSort(units, positions, incident.location)));
  row(`${size} units: recommendUnits`, recommend);
  row(`${size} units: straight-line baseline`, baseline);
  const met = (ms: number) => (ms <= 10 ? "met" : "MISSED");
  console.log(
    `${size} units: first call on a fresh graph ${first?.toFixed(2)} ms; recommend / baseline p50 ×${(recommend.p50 / baseline.p50).toFixed(1)}, p99 ×${(recommend.p99 / baseline.p99).toFixed(1)}; budget p99 ≤ 10 ms: ${met(recommend.p99)} (wall), ${met(recommend.cpu.p99)} (cpu)`,
  );
}

/**
 * Wall time per call, and the process's CPU time per call: on a shared, loaded machine the wall
 * time's tail is mostly waiting for a core; the CPU time is the work itself.
 */
function timed<T>(inputs: readonly T[], fn: (input: T) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    fn(input);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

const summary = (t: { wall: number[]; cpu: number[] }) => ({ ...summarise(t.wall), cpu: summarise(t.cpu) });

function row(name: string, s: ReturnType<typeof summary>): void {
  console.log(`${name.padEnd(40)} ${[s.p50, s.p99, s.max, s.cpu.p50, s.cpu.p99].map((v) => v.toFixed(2).padStart(8)).join(" ")}`);
}

/**
 * Triage over a busy queue: 500 open incidents, 500 new reports (and as many handled), within
 * 400 m of Entrance J over an hour. One pass = likelyDuplicates for every card on one state (the
 * index is built on the first card); timed over 20 states, as the board re-renders per event.
 */
function triageBench(): void {
  const random = new Random(SEED);
  const states = Array.from({ length: 20 }, () => triageState(random));
  const pass = summary(
    timed(states, (state) => {
      for (const r of valuesOf(state.reports)) if (r.status === "new") likelyDuplicates(r, state);
    }),
  );
  row("triage: all 500 cards' duplicates", pass);
}

function triageState(random: Random): OperationState {
  const types = INCIDENT_TYPES.slice(0, 8);
  const place = () => ({ lat: 51.5566 + random.between(-0.0036, 0.0036), lng: -0.2819 + random.between(-0.0058, 0.0058) });
  const reports = Array.from({ length: 1000 }, (_, k): StewardReport => {
    const at = random.int(0, 3_600_000);
    return {
      id: `rep-${k}`,
      type: random.pick(types),
      status: k < 500 ? "new" : "promoted",
      location: place(),
      post: random.chance(0.3) ? { id: `post-${random.int(1, 20)}`, name: "Post" } : null,
      sector: null,
      text: "",
      steward: { userId: "s", role: "steward", name: "Steward" },
      receivedAt: at,
      reporterTime: at,
      clockOffsetMs: null,
      photos: [],
      incidentId: null,
      incidentRef: null,
      resolution: null,
      updatedAt: at,
    };
  });
  const incidents = Array.from({ length: 500 }, (_, k): Incident => {
    const at = random.int(0, 3_600_000);
    const reportIds = [`rep-${500 + k}`];
    return {
      id: `inc-${k}`,
      ref: `CAD ${k}`,
      type: random.pick(types),
      grade: "S",
      status: "triaged",
      location: place(),
      sector: null,
      locationText: "",
      description: "",
      reportedAt: at,
      reporterTime: null,
      reportedBy: null,
      assigned: [],
      reportIds,
      timeline: [],
      updatedAt: at,
      steps: {},
    };
  });
  const byId = <T extends { id: string }>(xs: T[]) => Object.fromEntries(xs.map((x) => [x.id, x]));
  return { ...initialState, reports: byId(reports), incidents: byId(incidents) };
}

function makeUnits(random: Random, graph: WalkGraph, n: number): { units: Unit[]; positions: Record<string, Fix> } {
  const units: Unit[] = [];
  const positions: Record<string, Fix> = {};
  for (let i = 0; i < n; i++) {
    const status = random.pick(STATUSES);
    const id = `u-${i}`;
    units.push({
      id,
      callSign: `U ${i}`,
      kind: random.pick(UNIT_KINDS),
      agency: "MPS",
      status,
      statusSince: 0,
      sector: null,
      parentId: null,
      strength: null,
      incidentId: DEPLOYABLE_STATUSES.includes(status) ? null : "inc-x",
    });
    if (random.chance(0.05)) continue;
    const at = random.chance(0.8)
      ? nearGraph(random, graph, 120)
      : { lat: random.between(51.5505, 51.5636), lng: random.between(-0.3, -0.274) };
    positions[id] = { unitId: id, ...at, at: 0, heading: null, speed: null, accuracy: null };
  }
  return { units, positions };
}

/** A random place within `metres` of a random point of the walk graph. */
function nearGraph(random: Random, graph: WalkGraph, metres: number): LatLng {
  const p = random.pick(graph.points);
  const r = random.between(0, metres);
  const angle = random.between(0, 2 * Math.PI);
  return { lat: p.lat + (r * Math.sin(angle)) / 111_195, lng: p.lng + (r * Math.cos(angle)) / 69_270 };
}

/** What the board did before issue 10: deployable units, nearest first in a straight line. */
function straightLineSort(units: readonly Unit[], positions: Readonly<Record<string, Fix>>, at: LatLng) {
  return units
    .filter((u) => u.incidentId === null && DEPLOYABLE_STATUSES.includes(u.status))
    .map((unit) => {
      const fix = positions[unit.id];
      return { unit, metres: fix ? distanceMetres(fix, at) : null };
    })
    .sort(
      (a, b) =>
        (a.metres ?? Number.POSITIVE_INFINITY) - (b.metres ?? Number.POSITIVE_INFINITY) ||
        a.unit.callSign.localeCompare(b.unit.callSign, "en-GB", { numeric: true }),
    );
}

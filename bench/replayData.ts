import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Random } from "../server/demo/random";
import type { EventStore } from "../server/store/eventStore";
import { SqliteEventStore } from "../server/store/sqliteStore";
import { loadVenues } from "../server/venues";
import { GENESIS_HASH, hashedText } from "../shared/canonical";
import { sizeOf } from "../shared/collection";
import { type Command, CommandBodies, type CommandName } from "../shared/commands";
import { decide } from "../shared/decide";
import { GRADES, INCIDENT_TYPES, UNIT_STATUSES } from "../shared/domain";
import { Rejection } from "../shared/errors";
import type { Actor, CordonEvent, DecidedEvent } from "../shared/events";
import { evolve } from "../shared/evolve";
import { type Fix, initialState, type OperationState } from "../shared/state";
import type { VenuePlan } from "../shared/venue";

/**
 * A generated operation for the replay benchmark (issue 3): events written by the real
 * decide → seal (hash chain) → evolve path, and a dense position track, straight into a
 * SqliteEventStore (the tests also write small ones into any EventStore, PostgreSQL's too). No
 * snapshots are written: replay builds its caches on first open, and the
 * benchmark times that too.
 */
export interface ReplayDataSpec {
  hours: number;
  units: number;
  fixEveryMs: number;
  events: number;
  seed: number;
}

export interface ReplayData extends ReplayDataSpec {
  file: string;
  opId: string;
  start: number;
  end: number;
  fixes: number;
}

export const OP_ID = "op-bench";
/** 14:00 UTC on match day (15:00 in London): the build-up starts. */
export const START = Date.UTC(2023, 9, 17, 14, 0);
const FIXES_PER_TX = 20_000;

const silver: Actor = { userId: "u-silver", role: "commander", name: "Silver" };
const control: Actor = { userId: "u-control", role: "controller", name: "Control" };
const stewards: Actor[] = Array.from({ length: 40 }, (_, i) => ({
  userId: `u-steward-${i}`,
  role: "steward" as const,
  name: `Steward ${1100 + i}`,
}));

type Progress = (msg: string) => void;
const stderr: Progress = (msg) => process.stderr.write(`\r  ${msg}`.padEnd(60));

/**
 * Writes the operation into `file`, or reuses it when it is already there with the same spec
 * (set BENCH_REPLAY_DB to keep one between runs: generating takes a minute or two).
 */
export async function replayData(file: string, spec: ReplayDataSpec): Promise<ReplayData> {
  const specFile = `${file}.spec.json`;
  const data = describe(file, spec);
  if (fs.existsSync(file) && fs.existsSync(specFile) && fs.readFileSync(specFile, "utf8") === JSON.stringify(data)) {
    process.stderr.write(`  reusing ${file}\n`);
    return data;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, specFile]) fs.rmSync(f, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const store = new SqliteEventStore(file);
  try {
    await generateOperation(store, spec, stderr);
    store.db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    await store.close();
  }
  fs.writeFileSync(specFile, JSON.stringify(data));
  return data;
}

/** Writes a generated operation into a store (the tests use small ones). Returns the events, in order. */
export async function generateOperation(store: EventStore, spec: ReplayDataSpec, progress: Progress = () => {}): Promise<CordonEvent[]> {
  const venue = [...loadVenues().values()][0];
  if (!venue) throw new Error("no venue plan");
  const rnd = new Random(spec.seed);
  const data = describe(store instanceof SqliteEventStore ? store.db.name : "(a store)", spec);
  const events = await writeEvents(store, venue, rnd, data, progress);
  await writeFixes(store, venue, rnd, data, progress);
  return events;
}

function describe(file: string, spec: ReplayDataSpec): ReplayData {
  return {
    ...spec,
    file,
    opId: OP_ID,
    start: START,
    end: START + spec.hours * 3_600_000,
    fixes: spec.units * Math.floor((spec.hours * 3_600_000) / spec.fixEveryMs),
  };
}

class Writer {
  state: OperationState = initialState;
  readonly events: CordonEvent[] = [];
  private prev = GENESIS_HASH;
  private batch: { key: string; event: CordonEvent }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly venue: VenuePlan,
  ) {}

  push(actor: Actor, d: DecidedEvent, at: number): void {
    const unsealed = { seq: this.state.seq + 1, id: randomUUID(), opId: OP_ID, at, actor, ...d, prevHash: this.prev };
    const e = { ...unsealed, hash: createHash("sha256").update(hashedText(this.prev, unsealed)).digest("hex") } as CordonEvent;
    this.state = evolve(this.state, e);
    this.prev = e.hash;
    this.events.push(e);
    this.batch.push({ key: `bench-${e.seq}`, event: e });
  }

  /** Decides a command against the state so far; a rejected one is skipped, as a user's would be. */
  run(actor: Actor, name: CommandName, body: unknown, at: number): void {
    try {
      const command = { name, body: CommandBodies[name].parse(body) } as Command;
      this.push(actor, decide(command, this.state, { now: at, actor, unitId: null, venue: this.venue }), at);
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
    }
  }

  async flush(): Promise<void> {
    if (this.batch.length > 0) await this.store.append(OP_ID, this.batch);
    this.batch = [];
  }
}

async function writeEvents(store: EventStore, venue: VenuePlan, rnd: Random, data: ReplayData, progress: Progress): Promise<CordonEvent[]> {
  const w = new Writer(store, venue);
  w.push(
    silver,
    {
      type: "OperationOpened",
      payload: { name: "Replay bench: 6-hour operation", venueId: venue.id, cadStart: 4000, cadDate: "17Oct", phases: [] },
      scope: { sector: null, stewards: [], units: [] },
    },
    data.start,
  );
  for (let u = 0; u < data.units; u++) {
    const sector = venue.sectors[u % venue.sectors.length]?.id ?? null;
    w.run(control, "unit:register", { unitId: `u-${u}`, callSign: `U${u}`, kind: "serial", agency: "MPS", sector }, data.start + u);
  }
  const span = data.end - data.start - 20_000;
  const rest = data.events - w.state.seq;
  const pick = (n: number) => rnd.int(1, Math.max(1, n));
  for (let i = 0; w.state.seq < data.events; i++) {
    const at = data.start + 10_000 + Math.floor((Math.min(i, rest) / rest) * span);
    const incidents = sizeOf(w.state.incidents);
    const reports = sizeOf(w.state.reports);
    const recent = `inc-${rnd.int(Math.max(1, incidents - 30), Math.max(1, incidents))}`;
    const r = rnd.next();
    if (r < 0.28) {
      // Most reports arrive within seconds; one in ten was held in a dead zone for up to 20 minutes.
      const late = rnd.next() < 0.1 ? rnd.int(60_000, 20 * 60_000) : rnd.int(0, 15_000);
      const post = venue.posts[rnd.int(0, venue.posts.length - 1)];
      const body = { type: rnd.pick(INCIDENT_TYPES), postId: post?.id ?? null, text: "Seen from my post", reporterTime: at - late };
      w.run(rnd.pick(stewards), "report:submit", body, at);
    } else if (r < 0.4 && reports > 0) {
      w.run(control, "report:promote", { reportId: `rep-${pick(reports)}`, grade: rnd.pick(GRADES) }, at);
    } else if (r < 0.44 && reports > 0 && incidents > 0) {
      w.run(control, "report:merge", { reportId: `rep-${pick(reports)}`, incidentId: recent }, at);
    } else if (r < 0.47 && reports > 0) {
      w.run(control, "report:dismiss", { reportId: `rep-${pick(reports)}`, reason: "Duplicate" }, at);
    } else if (r < 0.58 && incidents > 0) {
      w.run(control, "incident:assign", { incidentId: recent, unitId: `u-${rnd.int(0, data.units - 1)}` }, at);
    } else if (r < 0.75) {
      w.run(control, "unit:status", { unitId: `u-${rnd.int(0, data.units - 1)}`, status: rnd.pick(UNIT_STATUSES) }, at);
    } else if (r < 0.86 && incidents > 0) {
      w.run(control, "incident:note", { incidentId: recent, text: "Update from the ground", intel: rnd.next() < 0.1 }, at);
    } else if (r < 0.92 && incidents > 0) {
      w.run(control, "incident:resolve", { incidentId: recent, outcome: "Dealt with" }, at);
    } else if (r < 0.97 && incidents > 0) {
      w.run(control, "incident:close", { incidentId: `inc-${pick(incidents)}`, result: "no-further-action" }, at);
    } else if (r < 0.985) {
      w.run(control, "alert:send", { audience: "all", text: "Hold the queues at Wembley Park" }, at);
    } else {
      w.run(silver, "decision:log", { decision: "Hold egress at Olympic Way", rationale: "Platform overcrowding" }, at);
    }
    if (w.state.seq % 1000 === 0) {
      await w.flush();
      progress(`events ${w.state.seq.toLocaleString("en-GB")} / ${data.events.toLocaleString("en-GB")}`);
    }
  }
  await w.flush();
  return w.events;
}

/** Every unit reports every fixEveryMs, each at its own offset in the period, wandering near its sector. */
async function writeFixes(store: EventStore, venue: VenuePlan, rnd: Random, data: ReplayData, progress: Progress): Promise<void> {
  const steps = Math.floor((data.end - data.start) / data.fixEveryMs);
  const lat = new Float64Array(data.units);
  const lng = new Float64Array(data.units);
  for (let u = 0; u < data.units; u++) {
    const corner = venue.sectors[u % venue.sectors.length]?.polygon.geometry.coordinates[0]?.[0] ?? [-0.2797, 51.556];
    lat[u] = (corner[1] ?? 51.556) + rnd.between(-0.002, 0.002);
    lng[u] = (corner[0] ?? -0.2797) + rnd.between(-0.002, 0.002);
  }
  const fixesOf = (from: number, to: number): Fix[] => {
    const out: Fix[] = [];
    for (let step = from; step < to; step++) {
      const base = data.start + step * data.fixEveryMs;
      for (let u = 0; u < data.units; u++) {
        lat[u] = (lat[u] ?? 0) + rnd.between(-0.00004, 0.00004);
        lng[u] = (lng[u] ?? 0) + rnd.between(-0.00006, 0.00006);
        const at = base + Math.floor((u / data.units) * data.fixEveryMs);
        out.push({
          unitId: `u-${u}`,
          at,
          lat: lat[u] ?? 0,
          lng: lng[u] ?? 0,
          heading: rnd.int(0, 359),
          speed: rnd.int(0, 30) / 10,
          accuracy: 8,
        });
      }
    }
    return out;
  };
  const perTx = Math.max(1, Math.floor(FIXES_PER_TX / data.units));
  // The bench's millions of fixes go straight into SQLite, one prepared insert each; other stores take batches.
  const write =
    store instanceof SqliteEventStore
      ? sqliteFixWriter(store)
      : (fixes: Fix[]) => store.appendFixes(OP_ID, fixes, (fixes[fixes.length - 1]?.at ?? 0) + 300);
  for (let step = 0; step < steps; step += perTx) {
    await write(fixesOf(step, Math.min(steps, step + perTx)));
    if ((step / perTx) % 20 === 0) progress(`fixes ${((step * data.units) / 1e6).toFixed(2)} / ${(data.fixes / 1e6).toFixed(2)} M`);
  }
  progress(`fixes ${(data.fixes / 1e6).toFixed(2)} M written`);
  if (progress === stderr) process.stderr.write("\n");
}

function sqliteFixWriter(store: SqliteEventStore): (fixes: Fix[]) => Promise<void> {
  const insert = store.db.prepare(
    "INSERT INTO fixes (op_id, unit_id, at, lat, lng, heading, speed, accuracy, received_at) VALUES (?,?,?,?,?,?,?,?,?)",
  );
  const tx = store.db.transaction((fixes: Fix[]) => {
    for (const f of fixes) insert.run(OP_ID, f.unitId, f.at, f.lat, f.lng, f.heading, f.speed, f.accuracy, f.at + 300);
  });
  return async (fixes) => tx(fixes);
}

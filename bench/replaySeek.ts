import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Random } from "../server/demo/random";
import { ReplayReader } from "../server/replay/replayReader";
import { SqliteEventStore } from "../server/store/sqliteStore";
import { loadVenues } from "../server/venues";
import { GENESIS_HASH, hashedText } from "../shared/canonical";
import { type Command, CommandBodies } from "../shared/commands";
import { decide } from "../shared/decide";
import { GRADES, INCIDENT_TYPES, UNIT_STATUSES } from "../shared/domain";
import { Rejection } from "../shared/errors";
import type { Actor, CordonEvent, DecidedEvent } from "../shared/events";
import { evolve } from "../shared/evolve";
import { initialState, type OperationState } from "../shared/state";
import { summarise } from "./support";

const HOURS = 6;
const UNITS = 1000;
const FIX_EVERY_MS = 5000;
const EVENTS = 20_000;
const SNAPSHOT_EVERY = 1000;
const START = Date.UTC(2023, 9, 17, 14, 0);
const OP = "op-bench";

const silver: Actor = { userId: "u-silver", role: "commander", name: "Silver" };
const control: Actor = { userId: "u-control", role: "controller", name: "Control" };
const steward: Actor = { userId: "u-steward", role: "steward", name: "Steward 0042" };

/**
 * Issue 3's seek budget: a 6-hour operation, 1,000 units reporting every 5 s (4.32 M fixes)
 * and 20,000 events, written by the real decide/fold/hash path into a SQLite file. Then: seek to
 * 500 random times (p99 ≤ 100 ms), and 600x playback (a 10-minute window served per second).
 */
export async function replaySeek(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-replay-bench-"));
  const file = path.join(dir, "replay.db");
  const store = new SqliteEventStore(file);
  try {
    const venue = [...loadVenues().values()][0]!;
    const rnd = new Random(17);
    const t0 = performance.now();
    const state = await writeEvents(store, venue, rnd);
    await writeFixes(
      store,
      venue.sectors.map((s) => s.polygon.geometry.coordinates[0]![0]!),
      rnd,
    );
    const generated = (performance.now() - t0) / 1000;
    const bytes = ["", "-wal"].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);

    const reader = new ReplayReader(store.db);
    const end = START + HOURS * 3_600_000;
    reader.stateAt(OP, START + 60_000, "record"); // warm the statement cache and unit list
    const seeks: number[] = [];
    for (let i = 0; i < 500; i++) {
      const at = START + Math.floor(rnd.next() * (end - START));
      const t = performance.now();
      JSON.stringify(reader.stateAt(OP, at, "record"));
      seeks.push(performance.now() - t);
    }
    const windows: number[] = [];
    for (let from = START; from < end; from += 600_000 * 3) {
      const t = performance.now();
      JSON.stringify(reader.window(OP, from, from + 600_000));
      windows.push(performance.now() - t);
    }
    const s = summarise(seeks);
    const w = summarise(windows);
    const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
    console.log(
      `\nReplay — ${HOURS} h operation, ${UNITS} units every ${FIX_EVERY_MS / 1000} s (${(state.fixes / 1e6).toFixed(2)} M fixes), ${state.events} events`,
    );
    console.log(`generated in ${generated.toFixed(0)} s; log on disk ${(bytes / 1024 / 1024).toFixed(0)} MiB (SQLite + WAL)`);
    console.log(`${"".padEnd(54)} ${"median".padStart(10)} ${"p99".padStart(10)} ${"max".padStart(10)}`);
    console.log(`${"seek to a random time (state + positions, as JSON)".padEnd(54)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)}`);
    console.log(`${"600x playback: one 10-minute window (≤ 1000 ms)".padEnd(54)} ${ms(w.p50)} ${ms(w.p99)} ${ms(w.max)}`);
    console.log(`budget: seek p99 ≤ 100 ms → ${s.p99 <= 100 ? "met" : "MISSED"}; 600x keeps up → ${w.max < 1000 ? "yes" : "NO"}`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function seal(seq: number, actor: Actor, d: DecidedEvent, prevHash: string, at: number): CordonEvent {
  const unsealed = { seq, id: randomUUID(), opId: OP, at, actor, ...d, prevHash };
  return { ...unsealed, hash: createHash("sha256").update(hashedText(prevHash, unsealed)).digest("hex") } as CordonEvent;
}

async function writeEvents(
  store: SqliteEventStore,
  venue: ReturnType<typeof loadVenues> extends Map<string, infer V> ? V : never,
  rnd: Random,
) {
  let state: OperationState = initialState;
  let prev = GENESIS_HASH;
  let batch: { key: string; event: CordonEvent }[] = [];
  const push = async (actor: Actor, d: DecidedEvent, at: number) => {
    const e = seal(state.seq + 1, actor, d, prev, at);
    state = evolve(state, e);
    prev = e.hash;
    batch.push({ key: `bench-${e.seq}`, event: e });
    if (state.seq % SNAPSHOT_EVERY === 0) {
      await store.append(OP, batch);
      batch = [];
      await store.saveSnapshot(OP, state);
    }
  };
  const run = async (actor: Actor, name: Command["name"], body: unknown, at: number) => {
    try {
      const command = { name, body: CommandBodies[name].parse(body) } as Command;
      await push(actor, decide(command, state, { now: at, actor, unitId: null, venue }), at);
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
    }
  };
  await push(
    silver,
    {
      type: "OperationOpened",
      payload: { name: "Replay bench", venueId: venue.id, cadStart: 4000, cadDate: "17Oct", phases: [] },
      scope: { sector: null, stewards: [], units: [] },
    },
    START,
  );
  for (let u = 0; u < UNITS; u++) {
    const sector = venue.sectors[u % venue.sectors.length]!.id;
    await run(control, "unit:register", { unitId: `u-${u}`, callSign: `U${u}`, kind: "serial", agency: "MPS", sector }, START + u);
  }
  const span = HOURS * 3_600_000;
  for (let i = 0; state.seq < EVENTS; i++) {
    const at = START + 10_000 + Math.floor((i / (EVENTS - UNITS)) * (span - 20_000));
    const r = rnd.next();
    const incidents = Object.keys(state.incidents).length;
    const reports = Object.keys(state.reports).length;
    if (r < 0.3)
      await run(
        steward,
        "report:submit",
        {
          type: INCIDENT_TYPES[rnd.int(0, INCIDENT_TYPES.length - 1)],
          postId: venue.posts[rnd.int(0, venue.posts.length - 1)]!.id,
          reporterTime: at - rnd.int(0, 120_000),
        },
        at,
      );
    else if (r < 0.45 && reports > 0)
      await run(control, "report:promote", { reportId: `rep-${rnd.int(1, reports)}`, grade: GRADES[rnd.int(0, 3)] }, at);
    else if (r < 0.6 && incidents > 0)
      await run(
        control,
        "incident:assign",
        { incidentId: `inc-${rnd.int(Math.max(1, incidents - 20), incidents)}`, unitId: `u-${rnd.int(0, UNITS - 1)}` },
        at,
      );
    else if (r < 0.8) await run(control, "unit:status", { unitId: `u-${rnd.int(0, UNITS - 1)}`, status: UNIT_STATUSES[rnd.int(0, 4)] }, at);
    else if (r < 0.92 && incidents > 0)
      await run(control, "incident:note", { incidentId: `inc-${rnd.int(1, incidents)}`, text: "Update from the ground" }, at);
    else if (incidents > 0) await run(control, "incident:close", { incidentId: `inc-${rnd.int(1, incidents)}` }, at);
    if (state.seq % 5000 === 0) process.stderr.write(`  events ${state.seq}/${EVENTS}\r`);
  }
  if (batch.length) await store.append(OP, batch);
  return { events: state.seq, fixes: UNITS * ((HOURS * 3_600_000) / FIX_EVERY_MS) };
}

async function writeFixes(store: SqliteEventStore, anchors: number[][], rnd: Random) {
  const steps = (HOURS * 3_600_000) / FIX_EVERY_MS;
  const lat = new Float64Array(UNITS);
  const lng = new Float64Array(UNITS);
  for (let u = 0; u < UNITS; u++) {
    const a = anchors[u % anchors.length]!;
    lat[u] = (a[1] ?? 51.556) + rnd.between(-0.002, 0.002);
    lng[u] = (a[0] ?? -0.28) + rnd.between(-0.002, 0.002);
  }
  for (let step = 0; step < steps; step++) {
    const at = START + step * FIX_EVERY_MS;
    const fixes = new Array(UNITS);
    for (let u = 0; u < UNITS; u++) {
      lat[u]! += rnd.between(-0.00004, 0.00004);
      lng[u]! += rnd.between(-0.00006, 0.00006);
      fixes[u] = { unitId: `u-${u}`, lat: lat[u]!, lng: lng[u]!, at: at + (u % FIX_EVERY_MS), heading: null, speed: null, accuracy: 8 };
    }
    await store.appendFixes(OP, fixes, at);
    if (step % 200 === 0) process.stderr.write(`  fixes ${((step * UNITS) / 1e6).toFixed(2)}/${((steps * UNITS) / 1e6).toFixed(2)} M\r`);
  }
  process.stderr.write("\n");
}

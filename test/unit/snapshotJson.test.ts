import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOperation, OP_ID } from "../../bench/replayData";
import { snapshotJson } from "../../server/store/snapshotJson";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { foldEvents } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";

describe("a snapshot written out a slice at a time (issue 14)", () => {
  let dir: string;
  let state: OperationState;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-snapshot-json-"));
    const store = new SqliteEventStore(path.join(dir, "gen.db"));
    const events = await generateOperation(store, { hours: 1, units: 30, fixEveryMs: 600_000, events: 3_000, seed: 14 });
    await store.close();
    state = foldEvents(initialState, events);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("SJ1: is the very text JSON.stringify gives, for the fold's collections and for plain records read back from JSON", async () => {
    expect(Object.keys(state.reports).length + Object.keys(state.incidents).length).toBeGreaterThan(500);
    expect(await snapshotJson(state)).toBe(JSON.stringify(state));
    const plain = JSON.parse(JSON.stringify(state)) as OperationState;
    expect(await snapshotJson(plain)).toBe(JSON.stringify(plain));
    expect(await snapshotJson(initialState)).toBe(JSON.stringify(initialState));
    // Members JSON leaves out stay out; an undefined in a list is null, as JSON.stringify writes it.
    const odd = { ...initialState, operation: undefined, alerts: [undefined] } as unknown as OperationState;
    expect(await snapshotJson(odd)).toBe(JSON.stringify(odd));
  });

  it("SJ2: gives the event loop turns while it works, and the state it was given is the one written", async () => {
    let done = false;
    let turns = 0;
    const count = () => {
      if (done) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const text = await snapshotJson(state, 0);
    done = true;
    // With no time allowed a slice, it yields at every look at the clock: thousands of entities, dozens of turns.
    expect(turns).toBeGreaterThan(10);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(state)));
  });

  it("SJ3: the store keeps it through its worker, and closing waits for a snapshot still being written", async () => {
    const file = path.join(dir, "snap.db");
    const store = new SqliteEventStore(file);
    await store.saveSnapshot(OP_ID, state);
    expect(await store.snapshot(OP_ID)).toEqual(JSON.parse(JSON.stringify(state)));
    const later = { ...state, seq: state.seq + 1000 };
    const saving = store.saveSnapshot(OP_ID, later);
    await store.close();
    await saving;
    const reopened = new SqliteEventStore(file);
    try {
      expect(await reopened.snapshotSeqs(OP_ID)).toEqual([state.seq, state.seq + 1000]);
    } finally {
      await reopened.close();
    }
  });
});

import { describe, expect, it } from "vitest";
import type { User } from "../../server/auth/accounts";
import {
  type LiveSession,
  LocalSessionDirectory,
  persistEveryMs,
  type SessionEnded,
  type SessionStore,
} from "../../server/auth/sessionDirectory";

const MIN = 60_000;

const user = (id: string): User => ({
  id,
  username: id,
  name: id,
  role: "steward",
  sector: "olympic-way",
  unitId: null,
  post: null,
  disabled: false,
  operations: [],
});

/** An in-memory account store that counts its reads, standing in for SQLite or PostgreSQL. */
function memoryStore(t: { now: number }) {
  const rows = new Map<string, LiveSession>();
  const changes: { id: number; userId: string; hash: string | null; reason: "rights-changed" | "signed-out" }[] = [];
  const reads = { load: 0, lastSeen: 0 };
  const store: SessionStore = {
    load: async (hash) => {
      reads.load++;
      const row = rows.get(hash);
      return row ? { ...row } : null;
    },
    lastSeen: async (hash) => {
      reads.lastSeen++;
      return rows.get(hash)?.lastSeenAt ?? null;
    },
    end: async (hash) => void rows.delete(hash),
    persistLastSeen: async (seen) => {
      for (const [hash, at] of seen) {
        const row = rows.get(hash);
        if (row) row.lastSeenAt = at;
      }
    },
    changesAfter: async (id) => changes.filter((c) => c.id > id),
    lastChangeId: async () => changes.at(-1)?.id ?? 0,
    purge: async () => undefined,
  };
  const add = (hash: string, userId: string) =>
    rows.set(hash, { hash, user: user(userId), createdAt: t.now, expiresAt: t.now + 120 * MIN, lastSeenAt: t.now });
  return { store, rows, changes, reads, add };
}

/** A directory whose sweeps the test runs itself (started for the change feed, its timer stopped). */
async function directory() {
  const t = { now: 1_000_000 };
  const mem = memoryStore(t);
  const dir = new LocalSessionDirectory({ store: mem.store, policy: { idleMs: 30 * MIN, absoluteMs: 120 * MIN }, now: () => t.now });
  await dir.start();
  dir.close();
  const ended: SessionEnded[] = [];
  dir.onInvalidated((e) => ended.push(e));
  return { t, mem, dir, ended };
}

describe("the session directory (server/auth/sessionDirectory.ts)", () => {
  it("A15: after one load, every check is answered from memory until the session ends", async () => {
    const { t, mem, dir } = await directory();
    mem.add("h1", "u1");
    expect(dir.peek("h1")).toBeNull(); // never loaded here: the per-message check does not load
    for (let i = 0; i < 1000; i++) {
      t.now += 1000;
      expect((await dir.get("h1"))?.user.id).toBe("u1");
      expect(dir.peek("h1")?.user.id).toBe("u1");
    }
    await dir.sweep();
    expect(mem.reads).toEqual({ load: 1, lastSeen: 0 });
  });

  it("A15: the per-message check refuses a session past a deadline at once, without waiting for the store", async () => {
    const { t, mem, dir, ended } = await directory();
    mem.add("h1", "u1");
    await dir.get("h1");
    t.now += 31 * MIN;
    expect(dir.peek("h1")).toBeNull();
    expect(mem.reads).toEqual({ load: 1, lastSeen: 0 });
    await dir.sweep();
    expect(ended).toEqual([{ hash: "h1", userId: "u1", reason: "expired" }]);
  });

  it("A15: a sign-out applied while the session was being loaded is not undone by the load", async () => {
    const { mem, dir } = await directory();
    mem.add("h1", "u1");
    const load = mem.store.load;
    mem.store.load = async (hash) => {
      const row = await load(hash);
      // The sweep applies another process's sign-out between this read and its caching.
      mem.store.load = load;
      mem.rows.delete(hash);
      await dir.invalidate({ hash }, "signed-out");
      return row;
    };
    expect(await dir.get("h1")).toBeNull();
    expect(dir.peek("h1")).toBeNull();
  });

  it("A15: idle and absolute deadlines end a session in the sweep, and each ending is announced once", async () => {
    const { t, mem, dir, ended } = await directory();
    mem.add("idle", "u1");
    mem.add("busy", "u2");
    await dir.get("idle");
    await dir.get("busy");
    for (let i = 0; i < 4; i++) {
      t.now += 25 * MIN;
      expect(dir.peek("busy")).not.toBeNull();
      await dir.sweep();
    }
    expect(ended).toEqual([{ hash: "idle", userId: "u1", reason: "expired" }]);
    t.now += 21 * MIN; // 121 minutes after sign-in
    await dir.sweep();
    await dir.sweep();
    expect(ended.map((e) => e.hash)).toEqual(["idle", "busy"]);
    expect(mem.rows.size).toBe(0);
    expect(await dir.get("busy")).toBeNull();
  });

  it("A15: activity another process saw (written to the store) keeps a session alive here", async () => {
    const { t, mem, dir, ended } = await directory();
    mem.add("h1", "u1");
    await dir.get("h1");
    t.now += 29 * MIN;
    mem.rows.get("h1")!.lastSeenAt = t.now; // the other process persisted its activity
    t.now += 2 * MIN;
    await dir.sweep();
    expect(ended).toEqual([]);
    expect(dir.peek("h1")).not.toBeNull();
  });

  it("A15: activity due together is written back a bounded number of sessions a sweep, each once, all within a few sweeps", async () => {
    const { t, mem, dir } = await directory();
    const writes: number[] = [];
    const persist = mem.store.persistLastSeen;
    mem.store.persistLastSeen = async (seen) => {
      writes.push(seen.size);
      await persist(seen);
    };
    const hashes = Array.from({ length: 450 }, (_, i) => `h${i}`);
    for (const h of hashes) mem.add(h, `u${h}`);
    for (const h of hashes) await dir.get(h);
    // Due after a twentieth of the 30-minute idle limit (90 s), not before.
    t.now += 80_000;
    for (const h of hashes) dir.peek(h);
    await dir.sweep();
    expect(writes).toEqual([]);
    t.now += 10_000;
    for (const h of hashes) dir.peek(h);
    const seenAt = t.now;
    for (let i = 0; i < 4; i++) {
      t.now += 1000;
      await dir.sweep();
    }
    // 450 sessions fell due at once: three sweeps of at most 200, then nothing left to write.
    expect(writes).toEqual([200, 200, 50]);
    for (const h of hashes) expect(mem.rows.get(h)?.lastSeenAt).toBe(seenAt);
  });

  it("A15: activity is written back every twentieth of the idle limit, at least every 5 min and at most every 30 s", () => {
    expect(persistEveryMs(30 * MIN)).toBe(90_000);
    expect(persistEveryMs(120 * MIN)).toBe(5 * MIN);
    expect(persistEveryMs(MIN)).toBe(30_000);
  });

  it("A15: an invalidation by user ends only the sessions the store no longer holds", async () => {
    const { mem, dir, ended } = await directory();
    mem.add("old", "u1");
    mem.add("other", "u2");
    await dir.get("old");
    await dir.get("other");
    mem.rows.delete("old"); // the role change deleted it…
    mem.add("new", "u1"); // …and the user signed in again before this process heard
    await dir.get("new");
    await dir.invalidate({ userId: "u1" }, "rights-changed");
    expect(ended).toEqual([{ hash: "old", userId: "u1", reason: "rights-changed" }]);
    expect(dir.peek("new")).not.toBeNull();
    expect(dir.peek("other")).not.toBeNull();
  });

  it("A15: the sweep applies changes other processes wrote, and skips those this one made", async () => {
    const { mem, dir, ended } = await directory();
    mem.add("a", "u1");
    mem.add("b", "u2");
    await dir.get("a");
    await dir.get("b");
    mem.rows.delete("a");
    mem.changes.push({ id: 1, userId: "u1", hash: null, reason: "rights-changed" });
    mem.rows.delete("b");
    mem.changes.push({ id: 2, userId: "u2", hash: "b", reason: "signed-out" });
    dir.appliedLocally(2);
    await dir.sweep();
    expect(ended).toEqual([{ hash: "a", userId: "u1", reason: "rights-changed" }]);
    await dir.sweep();
    expect(ended).toHaveLength(1);
  });
});

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteEventStore } from "../../server/store/sqliteStore";
import { chain } from "./eventStore.contract";

const STORE = path.resolve(import.meta.dirname, "../../server/store/sqliteStore.ts");

/** Fixes through their own connection at synchronous = NORMAL; events stay FULL (issue 14). */
describe("SQLite fixes' durability (issue 14)", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("Z6: fixes written and acked survive a SIGKILL of the process, while the events' connection stays synchronous = FULL", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-fixes-"));
    const file = path.join(dir, "cordon.db");
    // A child writes 20 flushes of 50 fixes, says so, and is killed before it closes anything.
    const script = `
      import { SqliteEventStore } from ${JSON.stringify(STORE)};
      const store = new SqliteEventStore(${JSON.stringify(file)});
      for (let flush = 0; flush < 20; flush++) {
        const fixes = Array.from({ length: 50 }, (_, i) => ({ unitId: "u-" + i, lat: 51.5, lng: -0.28, at: flush * 1000 + i, heading: null, speed: null, accuracy: null }));
        await store.appendFixes("op-1", fixes, flush * 1000);
      }
      console.log("WRITTEN");
      process.kill(process.pid, "SIGKILL");`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, sig) => resolve(sig)));
    expect(out).toContain("WRITTEN");
    expect(signal).toBe("SIGKILL");

    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare("SELECT COUNT(*) FROM fixes WHERE op_id = 'op-1'").pluck().get()).toBe(1_000);
    } finally {
      reader.close();
    }
    const store = new SqliteEventStore(file);
    try {
      expect(store.db.pragma("synchronous", { simple: true })).toBe(2); // FULL
      expect(await store.latestFixes("op-1")).toHaveLength(50);
    } finally {
      await store.close();
    }
  });

  it("Z10: an event appended while another connection writes waits for it and is stored, and the event connection leaves checkpoints to the fixes' worker", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-fixes-"));
    const file = path.join(dir, "cordon.db");
    const store = new SqliteEventStore(file);
    try {
      expect(store.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      const events = chain("op-1", 2);
      await store.append("op-1", [{ key: "k1", event: events[0] as never }]);
      // Another thread takes the write lock (as the fixes' worker does), says so, holds it a moment, commits.
      const writer = new Worker(
        `const { parentPort, workerData } = require("node:worker_threads");
         const db = new (require(workerData.driver))(workerData.file);
         db.exec("BEGIN IMMEDIATE");
         db.prepare("INSERT INTO fixes (op_id, unit_id, at, lat, lng, received_at) VALUES ('op-1', 'u-1', 1, 51.5, -0.28, 1)").run();
         parentPort.postMessage("locked");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
         db.exec("COMMIT");
         db.close();`,
        { eval: true, execArgv: [], workerData: { file, driver: require.resolve("better-sqlite3") } },
      );
      await new Promise((resolve) => writer.once("message", resolve));
      // The append reads the head first: as a deferred transaction it failed at once with SQLITE_BUSY.
      await store.append("op-1", [{ key: "k2", event: events[1] as never }]);
      await new Promise((resolve) => writer.once("exit", resolve));
      expect((await store.readAfter("op-1", 0)).map((e) => e.seq)).toEqual([1, 2]);
      expect(await store.track("op-1", 0, 10)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteEventStore } from "../../server/store/sqliteStore";

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
});

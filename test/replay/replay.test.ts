import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_START, ScenarioClock } from "../../server/demo/clock";
import { runDemo } from "../../server/demo/simulator";
import { verifyEventLog } from "../../server/export/verify";
import type { ReplayMeta, ReplayState, ReplayWindow } from "../../shared/replay";
import type { OperationState } from "../../shared/state";
import { startServer, type TestServer } from "../support/harness";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("replay and export over real HTTP (issue 3)", () => {
  let server: TestServer;
  let opId: string;
  /** Live states seen while the demo played: (seq → state), states are immutable so keeping them is cheap. */
  const live = new Map<number, OperationState>();
  let analyst: string;

  beforeAll(async () => {
    const clock = new ScenarioClock(DEFAULT_START, 600);
    // Small snapshots so the replay path (snapshot + tail) is exercised many times over.
    server = await startServer({ SNAPSHOT_EVERY: 50 }, { now: () => clock.now() });
    const run = await runDemo(server.app, { seed: 7, until: DEFAULT_START + 75 * 60_000 });
    const watch = setInterval(() => {
      const s = server.app.ops.get(run.opId)?.state;
      if (s) live.set(s.seq, s);
    }, 5);
    await Promise.race([run.done, new Promise((_, reject) => setTimeout(() => reject(new Error("demo did not finish")), 25_000))]);
    clearInterval(watch);
    await run.stop();
    opId = run.opId;
    analyst = await server.signIn("analyst");
  }, 60_000);
  afterAll(async () => server?.close());

  const get = async (url: string, cookie = analyst) => fetch(`${server.url}${url}`, { headers: { cookie } });
  const json = async <T>(url: string) => (await (await get(url)).json()) as T;

  it("R1: replay folds the stored log to exactly the live state at every seq recorded while it played", async () => {
    expect(live.size).toBeGreaterThan(20);
    for (const [seq, state] of live) {
      const replayed = await json<ReplayState>(`/api/operations/${opId}/replay/state?seq=${seq}`);
      expect(replayed.state, `seq ${seq}`).toEqual(JSON.parse(JSON.stringify(state)));
    }
  });

  it("R3: the scrubber's meta, a unit that moves between two times, and windows for playback", async () => {
    const meta = await json<ReplayMeta>(`/api/operations/${opId}/replay`);
    expect(meta.headSeq).toBe(server.app.ops.get(opId)?.state.seq);
    expect(meta.incidents.length).toBeGreaterThan(3);
    expect(meta.eventTimes).toHaveLength(meta.headSeq);
    const early = await json<ReplayState>(`/api/operations/${opId}/replay/state?at=${meta.startAt + 5 * 60_000}`);
    const late = await json<ReplayState>(`/api/operations/${opId}/replay/state?at=${meta.endAt}`);
    const where = (s: ReplayState, unit: string) => s.positions.find((p) => p[0] === unit)?.slice(1, 3);
    const moved = late.positions.filter((p) => JSON.stringify(where(early, p[0])) !== JSON.stringify(p.slice(1, 3)));
    expect(moved.length).toBeGreaterThan(0);
    expect(Object.keys(late.state.incidents).length).toBeGreaterThan(Object.keys(early.state.incidents).length);
    const w = await json<ReplayWindow>(`/api/operations/${opId}/replay/window?from=${meta.startAt}&to=${meta.startAt + 10 * 60_000}`);
    expect(w.events.every((e) => e.at > meta.startAt && e.at <= meta.startAt + 10 * 60_000)).toBe(true);
    expect(w.fixes.length).toBeGreaterThan(0);
    expect((await get(`/api/operations/${opId}/replay/window?from=0&to=${meta.endAt}`)).status).toBe(400);
  });

  it("R4: by the reporter's own time a late report shows earlier than by record time", async () => {
    const reports = Object.values(server.app.ops.get(opId)!.state.reports);
    const late = reports.find((r) => r.receivedAt - r.reporterTime > 1000);
    if (!late) return expect.fail("the demo should contain a steward report delivered late");
    const t = late.reporterTime + Math.floor((late.receivedAt - late.reporterTime) / 2);
    const byRecord = await json<ReplayState>(`/api/operations/${opId}/replay/state?at=${t}&basis=record`);
    const byReporter = await json<ReplayState>(`/api/operations/${opId}/replay/state?at=${t}&basis=reporter`);
    expect(byRecord.state.reports[late.id]).toBeUndefined();
    expect(byReporter.state.reports[late.id]?.id).toBe(late.id);
  });

  it("R5: stewards and officers may not replay; exports need a reason and a recipient; every open and export is logged", async () => {
    for (const who of ["steward", "officer"])
      expect((await get(`/api/operations/${opId}/replay`, await server.signIn(who))).status).toBe(403);
    expect((await get(`/api/operations/${opId}/export/events.ndjson`)).status).toBe(400);
    const q = "reason=Debrief%20of%20ingress&recipient=Review%20panel";
    for (const kind of ["incidents.csv", "incidents.json", "report.html"]) {
      const res = await get(`/api/operations/${opId}/export/${kind}?${q}`);
      expect(res.status, kind).toBe(200);
      const body = await res.text();
      if (kind === "incidents.csv") expect(body.split("\n")[0]).toContain('"ref","incident_id"'.replace(/"/g, ""));
      if (kind === "incidents.json") expect(JSON.parse(body).incidents.length).toBeGreaterThan(3);
      if (kind === "report.html") expect(body.match(/OFFICIAL-SENSITIVE/g)?.length).toBeGreaterThanOrEqual(3);
    }
    const log = await json<{ entries: { action: string; reason: string | null; recipient: string | null; role: string }[] }>(
      `/api/operations/${opId}/access-log`,
    );
    const actions = log.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["replay.open", "export.incidents.csv", "export.incidents.json", "export.report.html"]));
    expect(log.entries.find((e) => e.action === "export.incidents.csv")).toMatchObject({
      reason: "Debrief of ingress",
      recipient: "Review panel",
      role: "analyst",
    });
    // Nobody can rewrite it.
    expect(() =>
      (server.app.store as { db: { exec(sql: string): void } } & typeof server.app.store).db.exec("DELETE FROM access_log"),
    ).toThrow(/append-only/);
  });

  it("R6: an exported event log verifies, and an altered, a removed and a reordered event are each caught", async () => {
    const res = await get(`/api/operations/${opId}/export/events.ndjson?reason=Court%20bundle&recipient=CPS`);
    expect(res.headers.get("x-cordon-total-events")).toBe(String(server.app.ops.get(opId)?.state.seq));
    const lines = (await res.text()).trim().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: "cordon-event-log", marking: "OFFICIAL-SENSITIVE" });
    expect(verifyEventLog(lines)).toMatchObject({ ok: true, events: lines.length - 1 });

    const altered = [...lines];
    const e5 = JSON.parse(altered[5]!);
    e5.at += 1;
    altered[5] = JSON.stringify(e5);
    expect(verifyEventLog(altered)).toMatchObject({ ok: false, seq: 5, reason: expect.stringMatching(/altered/) });
    const removed = lines.filter((_, i) => i !== 7);
    expect(verifyEventLog(removed)).toMatchObject({ ok: false, seq: 7, reason: expect.stringMatching(/removed/) });
    const reordered = [...lines];
    [reordered[9], reordered[10]] = [reordered[10]!, reordered[9]!];
    expect(verifyEventLog(reordered)).toMatchObject({ ok: false, reason: expect.stringMatching(/removed|reordered/) });

    // The command-line tool says the same, with its exit code.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cordon-verify-"));
    fs.writeFileSync(path.join(dir, "good.ndjson"), lines.join("\n"));
    fs.writeFileSync(path.join(dir, "bad.ndjson"), altered.join("\n"));
    const cli = (file: string) =>
      execFileSync(process.execPath, ["--import", "tsx", "scripts/verify.ts", path.join(dir, file)], { cwd: ROOT }).toString();
    expect(cli("good.ndjson")).toMatch(/^OK: \d+ events, chain intact/);
    try {
      cli("bad.ndjson");
      expect.fail("verify should exit non-zero on an altered log");
    } catch (err) {
      const e = err as { status: number; stdout: Buffer };
      expect(e.status).toBe(1);
      expect(e.stdout.toString()).toMatch(/FAILED at seq 5, .*altered/);
    }
  });
});

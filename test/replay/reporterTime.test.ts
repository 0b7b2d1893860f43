import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valuesOf } from "../../shared/collection";
import type { ReplayState } from "../../shared/replay";
import { expectOk, startServer, type TestClient, type TestServer } from "../support/harness";

const SEED = Number(process.env.FC_SEED ?? 20231017);
const MIN = 60_000;

/**
 * Reporter time is a view over the record (issue 13): it may place a steward's report at the
 * moment the phone sent it, but it never shows a consequence — a promotion, a grade, an
 * assignment, a dismissal — before control made it. A property over random operations, each a
 * real log on a real server, read back through the replay route.
 */
describe("reporter-time replay never shows a board that did not exist (issue 13)", () => {
  let server: TestServer;
  let control: TestClient;
  let steward: TestClient;
  let analyst: string;

  beforeAll(async () => {
    server = await startServer();
    control = await server.connect("controller");
    steward = await server.connect("steward");
    analyst = await server.signIn("analyst");
  });
  afterAll(async () => {
    control?.close();
    steward?.close();
    await server?.close();
  });

  const stateAt = async (opId: string, at: number, basis: "record" | "reporter") => {
    const res = await fetch(`${server.url}/api/operations/${opId}/replay/state?at=${at}&basis=${basis}`, { headers: { cookie: analyst } });
    expect(res.status, `state at ${at} by ${basis}`).toBe(200);
    return (await res.json()) as ReplayState;
  };

  const Step = fc.oneof(
    fc.record({ kind: fc.constant("report" as const), lateMinutes: fc.integer({ min: 0, max: 45 }) }),
    fc.record({ kind: fc.constant("promote" as const), pick: fc.nat(), grade: fc.constantFrom("I", "S", "E", "R") }),
    fc.record({ kind: fc.constant("merge" as const), pick: fc.nat(), into: fc.nat() }),
    fc.record({ kind: fc.constant("dismiss" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("assign" as const), into: fc.nat() }),
  );

  it(`X4: by the reporter's clock a report may move earlier, never a consequence of it (seed ${SEED})`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(Step, { minLength: 4, maxLength: 14 }),
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        async (steps, probes) => {
          const opId = await server.openOperation(`Reporter time ${++run}`);
          expectOk(
            await control.send(opId, "unit:register", { unitId: "psu-1", callSign: "1A", kind: "serial", agency: "MPS", sector: null }),
          );
          const reports: string[] = [];
          const incidents: string[] = [];
          for (const s of steps) {
            if (s.kind === "report") {
              const ack = await steward.send(opId, "report:submit", {
                type: "crowd-surge",
                postId: "post-ow-boxpark",
                text: "surge",
                reporterTime: Date.now() - s.lateMinutes * MIN,
              });
              if (ack.ok) reports.push(`rep-${reports.length + 1}`);
              continue;
            }
            const reportId = reports[("pick" in s ? s.pick : 0) % Math.max(1, reports.length)];
            const incidentId = incidents[("into" in s ? s.into : 0) % Math.max(1, incidents.length)];
            if (s.kind === "promote" && reportId) {
              const ack = await control.send(opId, "report:promote", { reportId, grade: s.grade });
              if (ack.ok) incidents.push(`inc-${incidents.length + 1}`);
            } else if (s.kind === "merge" && reportId && incidentId) await control.send(opId, "report:merge", { reportId, incidentId });
            else if (s.kind === "dismiss" && reportId) await control.send(opId, "report:dismiss", { reportId, reason: "duplicate" });
            else if (s.kind === "assign" && incidentId) await control.send(opId, "incident:assign", { incidentId, unitId: "psu-1" });
          }
          const log = await server.app.store.readAfter(opId, 0);
          const times = [
            ...new Set(
              log.flatMap((e) => [
                e.at,
                ...("reporterTime" in e.payload && typeof e.payload.reporterTime === "number" ? [e.payload.reporterTime] : []),
              ]),
            ),
          ].sort((a, b) => a - b);
          for (const p of probes) {
            const base = times[p % times.length]!;
            for (const t of [base - 1, base, base + 1]) {
              const { state } = await stateAt(opId, t, "reporter");
              for (const i of valuesOf(state.incidents)) {
                expect(i.reportedAt, `${i.ref} exists only once control made it`).toBeLessThanOrEqual(t);
                for (const entry of i.timeline) expect(entry.at, `${i.ref}: ${entry.kind}`).toBeLessThanOrEqual(t);
              }
              for (const r of valuesOf(state.reports)) {
                expect(Math.min(r.reporterTime, r.receivedAt), `${r.id} placed by its own clock`).toBeLessThanOrEqual(t);
                if (r.status !== "new") expect(r.updatedAt, `${r.id} ${r.status} only once control did it`).toBeLessThanOrEqual(t);
              }
              for (const u of valuesOf(state.units)) expect(u.statusSince, `${u.callSign} status`).toBeLessThanOrEqual(t);
              // Record time is the reference: exactly the events recorded by t.
              const byRecord = await stateAt(opId, t, "record");
              expect(byRecord.seq).toBe(log.filter((e) => e.at <= t).at(-1)?.seq ?? 0);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 6, endOnFailure: true },
    );
  }, 240_000);
});

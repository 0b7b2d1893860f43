import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GRADES, INCIDENT_TYPES, UNIT_STATUSES } from "../../shared/domain";
import { Rejection } from "../../shared/errors";
import type { CordonEvent } from "../../shared/events";
import { deliveries, project, roomsOf, type Viewer } from "../../shared/visibility";
import { actors, MemoryLog } from "../support/events";

const SECTORS = ["olympic-way", "stadium-west", "stadium-north"];
const POSTS = ["post-ow-boxpark", "post-ts-entrance-h", "post-steps-top"];
const UNITS = ["psu-12a", "psu-14b", "las-1"];
const STEWARDS = [actors.steward, actors.steward2];

/** One random step: an index into a menu of commands, with random arguments. */
const step = fc.tuple(fc.nat(11), fc.nat(50), fc.nat(50), fc.boolean());

/** Builds a log from random steps; commands a rule refuses are skipped, as the server would. */
function buildLog(steps: [number, number, number, boolean][]): CordonEvent[] {
  const log = new MemoryLog();
  for (const [i, unitId] of UNITS.entries()) {
    log.run(actors.control, "unit:register", { unitId, callSign: unitId.toUpperCase(), kind: "serial", agency: "MPS", sector: SECTORS[i] });
  }
  for (const [kind, a, b, flag] of steps) {
    const incident = `inc-${(a % 4) + 1}`;
    const report = `rep-${(a % 6) + 1}`;
    const unitId = UNITS[b % UNITS.length]!;
    try {
      switch (kind) {
        case 0:
        case 1:
          log.run(STEWARDS[b % 2]!, "report:submit", {
            type: INCIDENT_TYPES[a % INCIDENT_TYPES.length],
            postId: POSTS[a % POSTS.length],
            reporterTime: a,
          });
          break;
        case 2:
          log.run(actors.control, "report:promote", { reportId: report, grade: GRADES[b % 4] });
          break;
        case 3:
          log.run(actors.control, "report:merge", { reportId: report, incidentId: incident });
          break;
        case 4:
          log.run(actors.control, "incident:report", {
            type: "disorder",
            location: { lat: 51.556 + (a % 10) / 1000, lng: -0.28 },
            description: "x",
          });
          break;
        case 5:
          log.run(actors.control, "incident:assign", { incidentId: incident, unitId });
          break;
        case 6:
          log.run(actors.control, "incident:note", { incidentId: incident, text: "note", intel: flag });
          break;
        case 7:
          log.run(actors.control, "unit:status", { unitId, status: UNIT_STATUSES[a % UNIT_STATUSES.length] });
          break;
        case 8:
          log.run(actors.control, "alert:send", {
            audience: (["all", "stewards", "units", "control"] as const)[a % 4],
            sector: flag ? SECTORS[b % 3] : null,
            text: "Heads up",
          });
          break;
        case 9:
          log.run(actors.control, "decision:log", { decision: "Hold the queue", rationale: "Crush risk" });
          break;
        case 10:
          log.run(actors.control, flag ? "incident:close" : "incident:release", { incidentId: incident, unitId, result: "no-trace" });
          break;
        default:
          log.run(actors.control, "report:dismiss", { reportId: report, reason: "No trace" });
      }
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
    }
  }
  return log.events;
}

const viewers: Viewer[] = [
  { kind: "control", userId: "u-control" },
  { kind: "steward", userId: actors.steward.userId, sector: "olympic-way" },
  { kind: "steward", userId: actors.steward2.userId, sector: "stadium-west" },
  { kind: "steward", userId: "u-nobody", sector: null },
  { kind: "unit", userId: "u-officer", unitId: "psu-12a", sector: "olympic-way" },
  { kind: "unit", userId: "u-officer2", unitId: "las-1", sector: "stadium-north" },
];

/** VISIBILITY_FC_RUNS lowers the runs for a mutation run (scripts/visibilityMatrix/mutate.mjs). */
const params = { numRuns: Number(process.env.VISIBILITY_FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 20231017) };

describe("who sees what (DESIGN §4)", () => {
  it("V1: live delivery and catch-up agree: a viewer gets an event iff one of its rooms is a target, in that room's version", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        for (const e of buildLog(steps)) {
          const ds = deliveries(e);
          for (const v of viewers) {
            const mine = new Set(roomsOf(v));
            const live = ds.find((d) => d.rooms.some((r) => mine.has(r)));
            expect(project(e, v)).toEqual(live?.event ?? null);
          }
        }
      }),
      params,
    );
  });

  it("V2: a steward never receives a unit's status, a call sign, a decision, an intelligence note or another steward's report", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        for (const e of buildLog(steps)) {
          for (const v of viewers.filter((x) => x.kind === "steward")) {
            const seen = project(e, v);
            if (!seen) continue;
            expect(["UnitRegistered", "UnitStatusChanged", "DecisionLogged"]).not.toContain(seen.type);
            expect(JSON.stringify(seen.payload)).not.toMatch(/PSU-|LAS-1/);
            expect(seen.scope.units).toEqual([]);
            if (seen.type === "IncidentNoteAdded") expect(seen.payload.intel).toBe(false);
            if (seen.type === "StewardReportSubmitted" || seen.type === "StewardReportDismissed")
              expect(seen.scope.stewards).toContain(v.userId);
            if (seen.type === "AlertSent") expect(seen.payload.audience === "all" || seen.payload.audience === "stewards").toBe(true);
          }
        }
      }),
      params,
    );
  });

  it("V3: control sees every event whole; an officer sees its own unit's events, whole but for stewards' user ids", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        for (const e of buildLog(steps)) {
          expect(project(e, viewers[0]!)).toBe(e);
          if (!e.scope.units.includes("psu-12a")) continue;
          const seen = project(e, viewers[4]!);
          if (e.scope.stewards.length === 0 && e.actor.role !== "steward") expect(seen).toBe(e);
          else expect(seen).toEqual({ ...e, scope: { ...e.scope, stewards: [] }, prevHash: "", hash: "" });
        }
      }),
      params,
    );
  });
});

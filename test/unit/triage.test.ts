import { describe, expect, it } from "vitest";
import { Random } from "../../server/demo/random";
import type { IncidentStatus, IncidentType } from "../../shared/domain";
import type { LatLng } from "../../shared/events";
import { distanceMetres } from "../../shared/geo";
import { type Incident, initialState, type OperationState, type StewardReport } from "../../shared/state";
import {
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_MS,
  likelyDuplicates,
  rankMergeTargets,
  reportsAwaitingTriage,
  typeMatch,
} from "../../shared/triage";

/** Triage help (shared/triage.ts): likely duplicates, the merge ranking, the oldest report first. */

const T0 = 1_697_566_500_000; // 17 Oct 2023 19:15 BST
const MIN = 60_000;
const steward = { userId: "u-steward", role: "steward" as const, name: "Steward 1182" };
const postJ = { id: "post-ts-entrance-j", name: "Entrance J turnstiles" };
const postH = { id: "post-ts-entrance-h", name: "Entrance H turnstiles" };
const atJ: LatLng = { lat: 51.556561, lng: -0.281925 };

/** A place `north` metres north and `east` metres east of Entrance J's turnstiles. */
const fromJ = (north: number, east = 0): LatLng => ({ lat: atJ.lat + north / 111_195, lng: atJ.lng + east / 69_270 });

function report(id: string, type: IncidentType, at: number, where: LatLng | null, p: Partial<StewardReport> = {}): StewardReport {
  return {
    id,
    type,
    status: "new",
    location: where,
    post: null,
    sector: "stadium-west",
    text: "",
    steward,
    receivedAt: at,
    reporterTime: at,
    clockOffsetMs: 0,
    photos: [],
    incidentId: null,
    incidentRef: null,
    resolution: null,
    updatedAt: at,
    ...p,
  };
}

function incident(
  id: string,
  type: IncidentType,
  at: number,
  where: LatLng,
  status: IncidentStatus = "triaged",
  reportIds: string[] = [],
): Incident {
  return {
    id,
    ref: `CAD ${id.replace("inc-", "41")}/17Oct`,
    type,
    grade: "S",
    status,
    location: where,
    sector: "stadium-west",
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
}

function stateOf(reports: StewardReport[], incidents: Incident[] = []): OperationState {
  return {
    ...initialState,
    reports: Object.fromEntries(reports.map((r) => [r.id, r])),
    incidents: Object.fromEntries(incidents.map((i) => [i.id, i])),
  };
}

const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe("likely duplicates", () => {
  it("W11: two 'turnstiles down at J' reports 20 m and 1 min apart suggest each other", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const b = report("rep-2", "turnstile-failure", T0 + MIN, fromJ(20));
    const state = stateOf([a, b]);
    const [forA] = likelyDuplicates(a, state);
    expect(forA).toMatchObject({ kind: "report", id: "rep-2", ref: null, minutes: 1, typeMatch: "same", samePost: false });
    expect(forA?.metres).toBeCloseTo(20, 0);
    expect(forA?.why).toBe("same type, 20 m, 1 min apart");
    expect(ids(likelyDuplicates(b, state))).toEqual(["rep-1"]);
  });

  it("W12: the same type 200 m apart, or 5 min apart, or a report already handled, is not suggested", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const far = report("rep-2", "turnstile-failure", T0 + MIN, fromJ(200));
    const late = report("rep-3", "turnstile-failure", T0 + 5 * MIN, fromJ(10));
    const handled = report("rep-4", "turnstile-failure", T0, fromJ(5), { status: "dismissed" });
    expect(likelyDuplicates(a, stateOf([a, far, late, handled]))).toEqual([]);
  });

  it("W13: a related type within 50 m is suggested; an unrelated one is not", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const breach = report("rep-2", "gate-breach", T0 + MIN, fromJ(30));
    const medical = report("rep-3", "medical", T0 + MIN, fromJ(10));
    const found = likelyDuplicates(a, stateOf([a, breach, medical]));
    expect(ids(found)).toEqual(["rep-2"]);
    expect(found[0]?.typeMatch).toBe("related");
    expect(found[0]?.why).toBe("related: Gate or fire-door breach, 30 m, 1 min apart");
  });

  it("W14: the same post within the window is suggested at any distance, and without a location", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0), { post: postJ });
    const farSamePost = report("rep-2", "medical", T0 + 2 * MIN, fromJ(400), { post: postJ });
    const noPlace = report("rep-3", "turnstile-failure", T0 + MIN, null, { post: postJ });
    const otherPost = report("rep-4", "turnstile-failure", T0 + MIN, null, { post: postH });
    const found = likelyDuplicates(a, stateOf([a, farSamePost, noPlace, otherPost]));
    expect(ids(found)).toEqual(["rep-3", "rep-2"]);
    expect(found[0]?.why).toBe("same type, same post: Entrance J turnstiles, 1 min apart");
    expect(found[1]?.why).toBe("other: Medical, same post: Entrance J turnstiles, 2 min apart");
  });

  it("W15: an open incident nearby is suggested with its reference, however long it has been open; a resolved or closed one is not", () => {
    const open = incident("inc-1", "turnstile-failure", T0 - 20 * MIN, fromJ(25));
    const resolved = incident("inc-2", "turnstile-failure", T0 - MIN, fromJ(5), "resolved");
    const closed = incident("inc-3", "turnstile-failure", T0 - MIN, fromJ(5), "closed");
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const found = likelyDuplicates(a, stateOf([a], [open, resolved, closed]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "incident", id: "inc-1", ref: "CAD 411/17Oct", minutes: 20 });
    expect(found[0]?.why).toBe("same type, 25 m, 20 min apart");
  });

  it("W15: an incident shares a post through the reports promoted or merged into it", () => {
    const promoted = report("rep-0", "turnstile-failure", T0 - 2 * MIN, fromJ(300), {
      status: "promoted",
      post: postJ,
      incidentId: "inc-1",
    });
    const inc = incident("inc-1", "turnstile-failure", T0 - 2 * MIN, fromJ(300), "triaged", ["rep-0"]);
    const a = report("rep-1", "ticketless-entry", T0, null, { post: postJ });
    const found = likelyDuplicates(a, stateOf([promoted, a], [inc]));
    expect(found.map((s) => [s.kind, s.id, s.samePost])).toEqual([["incident", "inc-1", true]]);
  });

  it("W16: best first: same type before related, then nearer and closer in time, an incident before a report", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const state = stateOf(
      [
        a,
        report("rep-related-near", "gate-breach", T0, fromJ(2)),
        report("rep-same-far", "turnstile-failure", T0 + 2 * MIN, fromJ(45)),
        report("rep-same-near", "turnstile-failure", T0 + MIN, fromJ(10)),
        report("rep-twin", "turnstile-failure", T0, fromJ(-5)),
      ],
      [incident("inc-twin", "turnstile-failure", T0, fromJ(5))],
    );
    expect(ids(likelyDuplicates(a, state))).toEqual(["inc-twin", "rep-twin", "rep-same-near", "rep-same-far", "rep-related-near"]);
  });
});

describe("at scale", () => {
  /** The rule read plainly, over every incident and report: the oracle for the index. */
  function everyMatch(r: StewardReport, state: OperationState): string[] {
    const near = (loc: LatLng | null, type: IncidentType) =>
      r.location !== null && loc !== null && typeMatch(r.type, type) !== "other" && distanceMetres(r.location, loc) <= DUPLICATE_RADIUS_M;
    const incidents = Object.values(state.incidents).filter((i) => {
      if (i.status === "resolved" || i.status === "closed" || r.receivedAt < i.reportedAt - DUPLICATE_WINDOW_MS) return false;
      const posts = i.reportIds.map((id) => state.reports[id]?.post?.id);
      return near(i.location, i.type) || (r.post !== null && posts.includes(r.post.id));
    });
    const reports = Object.values(state.reports).filter(
      (o) =>
        o.id !== r.id &&
        o.status === "new" &&
        Math.abs(o.receivedAt - r.receivedAt) <= DUPLICATE_WINDOW_MS &&
        (near(o.location, o.type) || (r.post !== null && o.post?.id === r.post.id)),
    );
    return [...incidents, ...reports].map((x) => x.id).sort();
  }

  it("W18: the index finds exactly what a plain scan of every incident and report finds (seeded: 500 open incidents, 500 new reports)", () => {
    const seed = 20_231_017;
    const random = new Random(seed);
    const types: IncidentType[] = ["turnstile-failure", "gate-breach", "medical", "disorder", "missile", "theft"];
    const posts = [postJ, postH, null, null];
    const place = () => (random.chance(0.1) ? null : fromJ(random.between(-200, 200), random.between(-200, 200)));
    const statuses: IncidentStatus[] = ["reported", "triaged", "on-scene", "resolved", "closed"];
    const reports = Array.from({ length: 600 }, (_, k) =>
      report(`rep-${k}`, random.pick(types), T0 + random.int(0, 60) * MIN, place(), {
        post: random.pick(posts),
        status: k < 500 ? "new" : "promoted",
      }),
    );
    const incidents = Array.from({ length: 600 }, (_, k) =>
      incident(
        `inc-${k}`,
        random.pick(types),
        T0 + random.int(-30, 60) * MIN,
        place() ?? atJ,
        k < 500 ? random.pick(statuses.slice(0, 3)) : random.pick(statuses),
        k < 100 ? [`rep-${500 + k}`] : [],
      ),
    );
    const state = stateOf(reports, incidents);
    let suggested = 0;
    for (const r of reports.slice(0, 500)) {
      const found = likelyDuplicates(r, state);
      expect(found.map((s) => s.id).sort(), `seed ${seed}, ${r.id}`).toEqual(everyMatch(r, state));
      suggested += found.length;
    }
    expect(suggested).toBeGreaterThan(500);
  });
});

describe("merge ranking", () => {
  it("W16: every open incident is ranked: likely duplicates first, then same type, related, other, each nearest first", () => {
    const a = report("rep-1", "turnstile-failure", T0, fromJ(0));
    const incidents = [
      incident("inc-other-near", "medical", T0, fromJ(10)),
      incident("inc-same-far", "turnstile-failure", T0 - 30 * MIN, fromJ(600)),
      incident("inc-same-mid", "turnstile-failure", T0, fromJ(120)),
      incident("inc-related-far", "gate-breach", T0, fromJ(300)),
      incident("inc-dup", "turnstile-failure", T0 - 4 * MIN, fromJ(40)),
      incident("inc-closed", "turnstile-failure", T0, fromJ(1), "closed"),
      incident("inc-resolved", "turnstile-failure", T0, fromJ(1), "resolved"),
    ];
    const ranked = rankMergeTargets(a, stateOf([a], incidents));
    expect(ranked.map((t) => t.incident.id)).toEqual(["inc-dup", "inc-same-mid", "inc-same-far", "inc-related-far", "inc-other-near"]);
    expect(ranked.map((t) => t.likely)).toEqual([true, false, false, false, false]);
    expect(ranked[0]?.metres).toBeCloseTo(distanceMetres(fromJ(0), fromJ(40)), 6);
    expect(ranked[0]?.why).toBe("same type, 40 m, 4 min apart");
  });

  it("W16: a report without a location ranks incidents by type, then time", () => {
    const a = report("rep-1", "medical", T0, null);
    const ranked = rankMergeTargets(
      a,
      stateOf([a], [incident("inc-old", "medical", T0 - 30 * MIN, atJ), incident("inc-new", "medical", T0 - MIN, atJ)]),
    );
    expect(ranked.map((t) => [t.incident.id, t.metres, t.why])).toEqual([
      ["inc-new", null, "same type, no location, 1 min apart"],
      ["inc-old", null, "same type, no location, 30 min apart"],
    ]);
  });
});

describe("awaiting triage", () => {
  it("W17: new reports come oldest received first; handled ones are left out", () => {
    const state = stateOf([
      report("rep-3", "medical", T0 + 2 * MIN, null),
      report("rep-1", "medical", T0, null),
      report("rep-x", "medical", T0 - MIN, null, { status: "merged" }),
      report("rep-2", "theft", T0 + MIN, null),
    ]);
    expect(ids(reportsAwaitingTriage(state))).toEqual(["rep-1", "rep-2", "rep-3"]);
  });
});

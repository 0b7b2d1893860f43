import { describe, expect, it } from "vitest";
import { type Recommendation, recommendedPick, recommendUnits } from "../../shared/dispatch/recommend";
import { SUITABILITY, suitabilityTier, TRAVEL } from "../../shared/dispatch/suitability";
import { buildWalkGraph } from "../../shared/dispatch/walkGraph";
import { joinGraph, walkRoute } from "../../shared/dispatch/walkRoute";
import { INCIDENT_TYPES, type IncidentType, type UnitKind, type UnitStatus } from "../../shared/domain";
import type { LatLng } from "../../shared/events";
import { distanceMetres } from "../../shared/geo";
import type { Fix, Unit } from "../../shared/state";
import { venue } from "../support/events";

/**
 * The dispatch recommender (shared/dispatch/recommend.ts), given units where they stand on the
 * Wembley plan, when an incident of a type is at a place, then the ranking and its reasons.
 */

const graph = buildWalkGraph(venue);

const place = {
  entranceJ: { lat: 51.556603, lng: -0.282092 },
  clubWest: { lat: 51.556, lng: -0.282352 },
  clubEast: { lat: 51.556, lng: -0.277048 },
  entranceB: { lat: 51.556603, lng: -0.277308 },
  olympicWayMid: { lat: 51.5605, lng: -0.27942 },
  olympicWayNorth: { lat: 51.5625, lng: -0.27935 },
  bottomOfSteps: { lat: 51.5577, lng: -0.2795 },
  wembleyPark: { lat: 51.5632, lng: -0.2793 },
  designerOutlet: { lat: 51.5575, lng: -0.284 },
  greenCarParkGate: { lat: 51.557348, lng: -0.285465 },
  /** East of Olympic Way, over 300 m from every route. */
  offRoutes: { lat: 51.56, lng: -0.275 },
} satisfies Record<string, LatLng>;

interface Given {
  id: string;
  kind: UnitKind;
  at: LatLng | null;
  status?: UnitStatus;
  incidentId?: string | null;
}

function given(...specs: Given[]): { units: Unit[]; positions: Record<string, Fix> } {
  const units = specs.map(
    (s): Unit => ({
      id: s.id,
      callSign: s.id.toUpperCase(),
      kind: s.kind,
      agency: s.kind === "las" ? "LAS" : s.kind === "btp" ? "BTP" : "MPS",
      status: s.status ?? "available",
      statusSince: 0,
      sector: null,
      parentId: null,
      strength: null,
      incidentId: s.incidentId ?? null,
    }),
  );
  const positions: Record<string, Fix> = {};
  for (const s of specs) if (s.at) positions[s.id] = { unitId: s.id, ...s.at, at: 0, heading: null, speed: null, accuracy: null };
  return { units, positions };
}

function when(type: IncidentType, location: LatLng, world: ReturnType<typeof given>): Recommendation[] {
  return recommendUnits({ incident: { type, location }, ...world, graph });
}

const ids = (recs: readonly Recommendation[]) => recs.map((r) => r.unit.id);

describe("suitability", () => {
  it("W1: the table: the drone only where overwatch helps, LAS only where someone may be hurt, every type has a police tier first", () => {
    const suits = (kind: UnitKind) => INCIDENT_TYPES.filter((t) => suitabilityTier(t, kind, true) !== null);
    expect(suits("drone")).toEqual(["crowd-surge", "suspicious-item", "lost-child"]);
    expect(suits("las")).toEqual(["assault-on-staff", "drunk-drugs", "vulnerable-person", "medical"]);
    expect(suits("fio")).toEqual(expect.arrayContaining(["discriminatory-chanting", "ticket-touting"]));
    for (const type of INCIDENT_TYPES) {
      const first = SUITABILITY[type].tiers[0] ?? [];
      expect(
        first.some((k) => ["psu", "serial", "fio", "las"].includes(k)),
        type,
      ).toBe(true);
      expect(suitabilityTier(type, "btp", false), type).toBeNull();
    }
  });

  it("W1: a missile gets a free PSU first, never LAS or the drone, even nearer; dogs only after the PSU", () => {
    const world = given(
      { id: "las-1", kind: "las", at: place.entranceJ },
      { id: "drone-1", kind: "drone", at: place.entranceJ },
      { id: "dogs-1", kind: "dogs", at: place.clubWest },
      { id: "psu-12", kind: "psu", at: place.clubEast },
    );
    const recs = when("missile", place.entranceJ, world);
    expect(ids(recs)).toEqual(["psu-12", "dogs-1", "drone-1", "las-1"]);
    expect(recs[0]?.suitability).toBe(0);
    expect(recs.find((r) => r.unit.id === "las-1")?.suitability).toBeNull();
    expect(recs.find((r) => r.unit.id === "drone-1")?.suitability).toBeNull();
    expect(recs.find((r) => r.unit.id === "las-1")?.reason).toMatch(/^LAS, not suited to a missile/);
    expect(recommendedPick(recs)?.unit.id).toBe("psu-12");
  });

  it("W1: with only unsuitable units free, they are listed but none is the recommended pick", () => {
    const recs = when(
      "missile",
      place.entranceJ,
      given({ id: "las-1", kind: "las", at: place.entranceJ }, { id: "drone-1", kind: "drone", at: null }),
    );
    expect(ids(recs)).toEqual(["las-1", "drone-1"]);
    expect(recommendedPick(recs)).toBeNull();
    expect(recommendedPick([])).toBeNull();
  });

  it("W2: a medical gets LAS first though a serial stands nearer; the serial next, as first aid", () => {
    const world = given({ id: "serial-12a", kind: "serial", at: place.entranceJ }, { id: "las-1", kind: "las", at: place.clubEast });
    const recs = when("medical", place.entranceJ, world);
    expect(ids(recs)).toEqual(["las-1", "serial-12a"]);
    expect(recs.map((r) => r.suitability)).toEqual([0, 1]);
  });

  it("W9: BTP suit an incident at a station, and are unsuitable away from the stations", () => {
    const world = given(
      { id: "btp-7", kind: "btp", at: place.olympicWayNorth },
      { id: "serial-12a", kind: "serial", at: place.olympicWayMid },
    );
    const atStation = when("disorder", place.wembleyPark, world);
    expect(atStation.find((r) => r.unit.id === "btp-7")?.suitability).toBe(0);
    expect(ids(atStation)[0]).toBe("btp-7");
    const atStadium = when("disorder", place.entranceJ, world);
    expect(atStadium.find((r) => r.unit.id === "btp-7")?.suitability).toBeNull();
    expect(ids(atStadium)).toEqual(["serial-12a", "btp-7"]);
  });
});

describe("route ETA", () => {
  it("W3: a unit across the bowl walks round the concourse, further than the straight line; ETA is that length at its speed", () => {
    const recs = when("disorder", place.clubEast, given({ id: "psu-12", kind: "psu", at: place.clubWest }));
    const rec = recs[0] as Recommendation;
    const straight = distanceMetres(place.clubWest, place.clubEast);
    const walk = walkRoute(graph, place.clubWest, place.clubEast);
    expect(rec.mode).toBe("route");
    expect(rec.metres).toBeGreaterThan(straight * 1.3);
    expect(Math.abs((rec.metres ?? 0) - walk.metres)).toBeLessThanOrEqual(1);
    expect(Math.abs((rec.etaSeconds ?? 0) - walk.metres / TRAVEL.psu.metresPerSecond)).toBeLessThanOrEqual(1);
    expect(rec.via).toEqual(["Stadium concourse"]);
  });

  it("W3: mounted officers get there sooner over the same walk; the drone flies the straight line", () => {
    const world = given(
      { id: "psu-12", kind: "psu", at: place.olympicWayMid },
      { id: "mounted-2", kind: "mounted", at: place.olympicWayMid },
      { id: "drone-1", kind: "drone", at: place.olympicWayMid },
    );
    const recs = when("crowd-surge", place.entranceJ, world);
    const by = (id: string) => recs.find((r) => r.unit.id === id) as Recommendation;
    expect(by("mounted-2").metres).toBe(by("psu-12").metres);
    expect(by("mounted-2").etaSeconds ?? 0).toBeLessThan(by("psu-12").etaSeconds ?? 0);
    expect(by("drone-1").mode).toBe("air");
    expect(by("drone-1").metres).toBe(Math.round(distanceMetres(place.olympicWayMid, place.entranceJ)));
  });
});

describe("ordering", () => {
  it("W4: available before returning or on refreshment, suitable before unsuitable, known position before unknown", () => {
    const world = given(
      { id: "las-1", kind: "las", at: place.entranceJ },
      { id: "psu-returning", kind: "psu", at: place.entranceJ, status: "returning" },
      { id: "psu-lost", kind: "psu", at: null },
      { id: "psu-far", kind: "psu", at: place.olympicWayMid },
      { id: "psu-tea", kind: "psu", at: place.clubWest, status: "refreshment" },
    );
    const recs = when("disorder", place.entranceJ, world);
    expect(ids(recs)).toEqual(["psu-far", "psu-lost", "psu-returning", "psu-tea", "las-1"]);
    expect(recs.map((r) => r.available)).toEqual([true, true, false, false, true]);
    const lost = recs[1] as Recommendation;
    expect([lost.etaSeconds, lost.metres, lost.mode]).toEqual([null, null, null]);
    expect(lost.reason).toMatch(/position unknown$/);
  });

  it("W4: units committed elsewhere, off duty or already on this incident are not offered", () => {
    const world = given(
      { id: "psu-busy", kind: "psu", at: place.entranceJ, status: "on-scene", incidentId: "inc-2" },
      { id: "psu-off", kind: "psu", at: place.entranceJ, status: "off-duty" },
      { id: "psu-here", kind: "psu", at: place.entranceJ, status: "en-route", incidentId: "inc-1" },
      { id: "psu-free", kind: "psu", at: place.olympicWayMid },
    );
    expect(ids(when("disorder", place.entranceJ, world))).toEqual(["psu-free"]);
  });

  it("W4: among units of one tier the nearest by the routes comes first, not the nearest in a straight line", () => {
    // The Designer Outlet is nearer Club Wembley West in a straight line than the Green car park gate…
    const world = given(
      { id: "psu-outlet", kind: "psu", at: place.designerOutlet },
      { id: "psu-green", kind: "psu", at: place.greenCarParkGate },
    );
    expect(distanceMetres(place.designerOutlet, place.clubWest)).toBeLessThan(distanceMetres(place.greenCarParkGate, place.clubWest));
    const recs = when("disorder", place.clubWest, world);
    // …but from the gate the walk (past the Red car park) is shorter.
    expect(ids(recs)).toEqual(["psu-green", "psu-outlet"]);
    expect(recs[0]?.etaSeconds ?? 0).toBeLessThan(recs[1]?.etaSeconds ?? 0);
  });
});

describe("explanation", () => {
  it("W5: the pick says why: nearest available of its kind, for what, minutes on foot and the routes walked", () => {
    const world = given({ id: "psu-12", kind: "psu", at: place.olympicWayNorth }, { id: "psu-13", kind: "psu", at: place.wembleyPark });
    const [pick, second] = when("missile", place.bottomOfSteps, world);
    const minutes = Math.round((pick?.etaSeconds ?? 0) / 60);
    expect(pick?.reason).toBe(`nearest available PSU for a missile, ${minutes} min on foot via Olympic Way`);
    expect(pick?.via).toEqual(["Olympic Way"]);
    expect(second?.reason).toMatch(/^PSU for a missile, \d+ min on foot via Olympic Way$/);
  });

  it("W5: a medical's LAS is named for it, walking the concourse", () => {
    const [pick] = when("medical", place.entranceB, given({ id: "las-1", kind: "las", at: place.entranceJ }));
    expect(pick?.reason).toMatch(/^nearest available LAS for a medical, \d+ min on foot via Stadium concourse$/);
  });
});

describe("straight-line fallback", () => {
  it("W6: a unit more than 150 m from every route goes in a straight line, and the reason says so", () => {
    expect(joinGraph(graph, place.offRoutes)).toBeNull();
    const [rec] = when("disorder", place.olympicWayMid, given({ id: "dogs-1", kind: "dogs", at: place.offRoutes }));
    const straight = distanceMetres(place.offRoutes, place.olympicWayMid);
    expect(rec?.mode).toBe("straight");
    expect(rec?.via).toEqual([]);
    expect(rec?.metres).toBe(Math.round(straight));
    expect(rec?.etaSeconds).toBe(Math.round(straight / TRAVEL.dogs.metresPerSecond));
    expect(rec?.reason).toMatch(/^nearest available dog unit for a fight, no route nearby, \d+ m straight line, ~\d+ min$/);
  });

  it("W6: an incident far from every route is reached in a straight line by every unit", () => {
    const recs = when("disorder", place.offRoutes, given({ id: "psu-12", kind: "psu", at: place.olympicWayMid }));
    expect(recs[0]?.mode).toBe("straight");
    expect(recs[0]?.reason).toContain("no route nearby");
  });
});

import { describe, expect, it } from "vitest";
import { compareIncidents, filterIncidents, OPEN_INCIDENTS, openIncidents } from "../../client/src/store/selectors";
import { alarmStep } from "../../client/src/views/control/alarmWatch";
import { changedFields, draftOf } from "../../client/src/views/control/correction";
import { matchPlaces, namedPlaces } from "../../client/src/views/control/places";
import type { CordonEvent } from "../../shared/events";
import { actors, at, MemoryLog, venue } from "../support/events";

const idOf = (e: CordonEvent) => (e.type === "IncidentReported" ? e.payload.incidentId : "");

/** A log with one incident of each kind the queue must order. */
function queueLog() {
  const log = new MemoryLog();
  log.run(actors.control, "unit:register", { unitId: "psu-12a", callSign: "12A", kind: "serial", agency: "MPS", sector: "olympic-way" });
  const onScene = idOf(
    log.run(actors.control, "incident:report", { type: "disorder", grade: "I", location: at.olympicWay, description: "Fight, old" }),
  );
  log.run(actors.control, "incident:assign", { incidentId: onScene, unitId: "psu-12a" });
  const graded = idOf(
    log.run(actors.control, "incident:report", { type: "theft", grade: "S", location: at.west, description: "Phone snatch" }),
  );
  const unresourced = idOf(
    log.run(actors.control, "incident:report", {
      type: "crowd-surge",
      grade: "I",
      location: at.west,
      locationText: "Entrance J",
      description: "Crush",
    }),
  );
  const closed = idOf(
    log.run(actors.control, "incident:report", { type: "pyrotechnics", grade: "E", location: at.west, description: "Flare in block 124" }),
  );
  log.run(actors.control, "incident:close", { incidentId: closed, result: "no-trace" });
  return { log, onScene, graded, unresourced, closed };
}

describe("control room: queue, search, alarms, corrections, places", () => {
  it("U5: an unresourced grade I incident sorts first, above a grade I with a unit, however new it is; closed incidents leave the open queue", () => {
    const { log, onScene, graded, unresourced, closed } = queueLog();
    const order = openIncidents(log.state).map((i) => i.id);
    expect(order).toEqual([unresourced, onScene, graded]);
    expect(order).not.toContain(closed);
    const byId = log.state.incidents;
    expect(compareIncidents(byId[unresourced]!, byId[onScene]!)).toBeLessThan(0);
    expect(compareIncidents(byId[onScene]!, byId[unresourced]!)).toBeGreaterThan(0);
  });

  it("U6: search matches every word over reference, description, location text and type label; the Closed filter finds closed incidents", () => {
    const { log, unresourced, closed } = queueLog();
    const ids = (f: Partial<typeof OPEN_INCIDENTS>) => filterIncidents(log.state, { ...OPEN_INCIDENTS, ...f }).map((i) => i.id);
    expect(ids({ text: "entrance j crush" })).toEqual([unresourced]);
    expect(ids({ text: "crowd surge" })).toEqual([unresourced]);
    expect(ids({ text: "flare" })).toEqual([]);
    expect(ids({ text: "flare", status: "closed" })).toEqual([closed]);
    expect(ids({ text: log.state.incidents[closed]!.ref.slice(4, 8), status: "all" })).toContain(closed);
    expect(ids({ grade: "S" })).toHaveLength(1);
    expect(ids({ type: "crowd-surge", sector: "no-such-sector" })).toEqual([]);
  });

  it("U7: breaches loaded with the operation are silent; one that arrives live sounds once; muted, a new one is silent but not sounded later", () => {
    const loading = alarmStep({ seen: null }, ["a|assign"], false, false);
    expect(loading.sound).toEqual([]);
    const loaded = alarmStep(loading.memory, ["a|assign"], true, false);
    expect(loaded.sound).toEqual([]);
    const live = alarmStep(loaded.memory, ["b|assign", "a|assign"], true, false);
    expect(live.sound).toEqual(["b|assign"]);
    expect(alarmStep(live.memory, ["b|assign", "a|assign"], true, false).sound).toEqual([]);
    const muted = alarmStep(live.memory, ["c|arrive", "b|assign", "a|assign"], true, true);
    expect(muted.sound).toEqual([]);
    expect(alarmStep(muted.memory, ["c|arrive", "b|assign", "a|assign"], true, false).sound).toEqual([]);
  });

  it("U8: a correction sends only the fields the operator changed (trimmed); an unchanged form changes nothing", () => {
    const { log, unresourced } = queueLog();
    const incident = log.state.incidents[unresourced]!;
    expect(changedFields(incident, draftOf(incident))).toEqual({});
    expect(changedFields(incident, { ...draftOf(incident), type: "disorder", locationText: "  Entrance H  " })).toEqual({
      type: "disorder",
      locationText: "Entrance H",
    });
    const moved = { lat: 51.5561, lng: -0.2832 };
    expect(changedFields(incident, { ...draftOf(incident), location: moved, description: "Crush " })).toEqual({ location: moved });
    // The decider accepts what the form sends, and the fold keeps both values in the timeline.
    log.run(actors.control, "incident:correct", { incidentId: unresourced, type: "disorder", reason: "caller rang back" });
    expect(log.state.incidents[unresourced]!.timeline.at(-1)?.text).toMatch(/Crowd surge.*→ Fight \/ disorder.*caller rang back/);
  });

  it("U9: the place picker offers the plan's named places (entrances, posts, stations, landmarks, car parks, RVPs) and finds them by the start of any word", () => {
    const places = namedPlaces(venue);
    const kinds = new Set(places.map((p) => p.kind));
    for (const k of ["Entrance", "Station", "Landmark", "Steward post", "RVP", "Car park"]) expect(kinds).toContain(k);
    expect(matchPlaces(places, "entrance j")[0]?.name).toBe("Entrance J");
    expect(matchPlaces(places, "ent j").map((p) => p.name)).toContain("Entrance J turnstiles");
    expect(matchPlaces(places, "rvp south")[0]?.name).toMatch(/^RVP South/);
    const yellow = places.find((p) => p.name === "Yellow Car Park");
    expect(yellow?.location.lat).toBeGreaterThan(51.5);
    expect(matchPlaces(places, "zzz")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../../client/src/outbox/useOutbox";
import { unsentOf } from "../../client/src/views/unit/unitScene";
import { walkText } from "../../client/src/views/unit/walkText";
import { loadVenues } from "../../server/venues";
import { buildWalkGraph } from "../../shared/dispatch/walkGraph";
import { walkRoute } from "../../shared/dispatch/walkRoute";

const venue = loadVenues().get("wembley");
if (!venue) throw new Error("the Wembley plan is missing");
const graph = buildWalkGraph(venue);
const BOXPARK = { lat: 51.558562, lng: -0.279441 };
const NORTH_END = { lat: 51.5605, lng: -0.2795 };

function item(p: Partial<OutboxItem> & Pick<OutboxItem, "command" | "body">): OutboxItem {
  return {
    key: "k",
    opId: "op-1",
    opName: "Op",
    label: "",
    text: "",
    madeAt: 1,
    reporterTime: null,
    state: "pending",
    waiting: false,
    ackAt: null,
    error: null,
    ...p,
  };
}

describe("the officer's walk and unsent taps (client/src/views/unit)", () => {
  it("Q4: the walk up Olympic Way reads '3 min on foot via Olympic Way', at the serial's speed along the plan's routes", () => {
    const route = walkRoute(graph, BOXPARK, NORTH_END);
    expect(route.onRoutes).toBe(true);
    expect(walkText(route, "serial")).toBe("3 min on foot via Olympic Way");
    // Mounted officers are quicker over the same walk.
    expect(walkText(route, "mounted")).toMatch(/^[12] min mounted via Olympic Way$/);
  });

  it("Q4: off every route the walk says so and gives the straight line; a few metres away is 'Here'", () => {
    const far = { lat: 51.5, lng: -0.1 };
    expect(walkText(walkRoute(graph, BOXPARK, far), "serial")).toMatch(/^\d+ min on foot, no route nearby \(\d+ m straight line\)$/);
    expect(walkText(walkRoute(graph, BOXPARK, { lat: BOXPARK.lat + 0.0001, lng: BOXPARK.lng }), "serial")).toBe("Here");
  });

  it("Q4: the newest unsent status is the one lit; sent and refused ones, and another job's acknowledgement, are not", () => {
    const items = [
      item({ key: "a", command: "unit:status", body: { unitId: "psu-12a", status: "on-scene" }, madeAt: 1 }),
      item({ key: "b", command: "unit:status", body: { unitId: "psu-12a", status: "returning" }, madeAt: 3 }),
      item({ key: "c", command: "unit:status", body: { unitId: "psu-12a", status: "committed" }, madeAt: 5, state: "sent" }),
      item({ key: "d", command: "incident:acknowledge", body: { incidentId: "inc-1" }, madeAt: 2 }),
    ];
    expect(unsentOf(items, "inc-1")).toEqual({ status: "returning", ack: true });
    expect(unsentOf(items, "inc-2")).toEqual({ status: "returning", ack: false });
    expect(unsentOf([], null)).toEqual({ status: null, ack: false });
  });
});

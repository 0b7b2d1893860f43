import fs from "node:fs";
import type { FeatureCollection, Geometry } from "geojson";
import { describe, expect, it } from "vitest";
import { DEMO_DATE, londonTime } from "../../server/demo/clock";
import { DEMO_CROWD, DemoTurnstiles } from "../../server/demo/turnstiles";
import { entranceGroups } from "../../shared/entrances";
import { ratePerMinute, runsHot } from "../../shared/ingress";
import { readVenue, type VenueProps } from "../../shared/venue";

const plan = readVenue(
  JSON.parse(fs.readFileSync(new URL("../../shared/venue/wembley.geojson", import.meta.url), "utf8")) as FeatureCollection<
    Geometry,
    VenueProps
  >,
);
const groups = entranceGroups(plan);
const at = (hhmm: string) => londonTime(DEMO_DATE, hhmm);

/** The demo's turnstile feed for England v Italy (issue 11 item 7). */
describe("demo turnstiles", () => {
  const feed = new DemoTurnstiles(groups, 2023, at("17:45"));
  const rows = feed.all();
  const totalAt = (hhmm: string) => {
    const last = new Map(rows.filter((r) => r.at <= at(hhmm)).map((r) => [r.groupId, r.count ?? 0]));
    return [...last.values()].reduce((a, b) => a + b, 0);
  };

  it("TC14: 15 entrance groups of the plan with capacities summing to Wembley's 90,000; about 82,000 through them from 17:45, most in the last hour before 19:45", () => {
    expect(groups).toHaveLength(15);
    expect(groups.reduce((n, g) => n + g.capacity, 0)).toBe(90_000);
    expect(new Set(rows.map((r) => r.groupId)).size).toBe(15);
    expect(totalAt("17:44")).toBe(0);
    expect(Math.abs(totalAt("20:30") - DEMO_CROWD)).toBeLessThan(100);
    expect(totalAt("19:45")).toBeGreaterThan(0.9 * DEMO_CROWD);
    // The last hour before 19:45 brings more than the hour before it, twice over.
    expect(totalAt("19:45") - totalAt("18:45")).toBeGreaterThan(2 * (totalAt("18:45") - totalAt("17:45")));
    // Cumulative counts never go backwards (the feed's own rule).
    for (const g of groups) {
      const counts = rows.filter((r) => r.groupId === g.id).map((r) => r.count ?? 0);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
  });

  it("TC14: Bobby Moore West runs hot once (after the Wembley Park queue hold is released), no other group does", () => {
    const hotAt = new Map<string, number[]>();
    for (const g of groups) {
      const mine = rows.filter((r) => r.groupId === g.id);
      for (let i = 10; i < mine.length; i++) {
        const r = mine[i]!;
        const rate = ratePerMinute(mine.slice(i - 10, i + 1), r.at);
        if (runsHot({ rate, queue: r.queue }, g.perMinute)) hotAt.set(g.id, [...(hotAt.get(g.id) ?? []), r.at]);
      }
    }
    expect([...hotAt.keys()]).toEqual(["bobby-moore-west"]);
    const times = hotAt.get("bobby-moore-west")!;
    expect(times[0]).toBeGreaterThanOrEqual(at("19:10"));
    expect(times.at(-1)).toBeLessThanOrEqual(at("20:00"));
  });

  it("TC14: a demo started at 19:20 begins with the five minutes before it, so the rate shows at once", () => {
    const late = new DemoTurnstiles(groups, 2023, at("19:20"));
    const first = late.due(at("19:20"));
    expect(Math.min(...first.map((r) => r.at))).toBeGreaterThan(at("19:15") - 1);
    expect(new Set(first.map((r) => r.groupId)).size).toBe(15);
    expect(late.due(at("19:20"))).toEqual([]);
    expect(late.due(at("19:20:30"))).toHaveLength(15);
  });
});

import { describe, expect, it } from "vitest";
import { Random } from "../../server/demo/random";
import { localFrame } from "../../shared/geo";
import { crossingsOf, DEFAULT_HYSTERESIS, signedDistanceM, stepGeofence } from "../../shared/geofence";
import { venue } from "../support/events";

/**
 * The geofence and its hysteresis as pure functions (shared/geofence.ts): distances against the
 * plan's Olympic Way polygon, and tracks through the hysteresis, in tables.
 */

const olympicWay = venue.sectors.find((s) => s.id === "olympic-way")!;
/** Olympic Way's west edge runs north–south along this longitude (wembley.geojson). */
const WEST_EDGE_LNG = -0.280997;
const LAT = 51.56;
const metresPerDegLng = localFrame({ lat: LAT, lng: WEST_EDGE_LNG }).toXY({ lat: LAT, lng: WEST_EDGE_LNG + 1 }).x;
/** A point `m` metres west of the edge (negative: east of it, inside Olympic Way). */
const west = (m: number) => ({ lat: LAT, lng: WEST_EDGE_LNG - m / metresPerDegLng });

describe("SW5: the distance from a sector's edge", () => {
  it.each([
    [40, 40],
    [5, 5],
    [-5, -5],
    [-30, -30],
  ])("SW5: a point %s m west of Olympic Way's west edge is %s m from it (positive outside)", (m, expected) => {
    expect(signedDistanceM(olympicWay.polygon, west(m))).toBeCloseTo(expected, 0);
  });

  it("SW5: agrees with turf's point in polygon on the sign, deep inside and far away", () => {
    expect(signedDistanceM(olympicWay.polygon, { lat: 51.5605, lng: -0.2775 })).toBeLessThan(-100);
    expect(signedDistanceM(olympicWay.polygon, { lat: 51.55, lng: -0.29 })).toBeGreaterThan(500);
  });
});

describe("SW6: the hysteresis (leave beyond 25 m out, back beyond 10 m in, 2 fixes in a row)", () => {
  it.each([
    // out, streak, distance → streak, crossing
    [false, 0, 30, 1, null],
    [false, 1, 30, 0, "left"],
    [false, 1, 20, 0, null], // within the band: the count starts again
    [false, 1, -50, 0, null],
    [true, 0, -5, 0, null], // inside, but not by the margin
    [true, 0, -15, 1, null],
    [true, 1, -15, 0, "returned"],
    [true, 1, 40, 0, null],
  ] as const)("SW6: out=%s streak=%s at %s m → streak %s, %s", (out, streak, d, nextStreak, crossing) => {
    expect(stepGeofence(out, streak, d)).toEqual({ streak: nextStreak, crossing });
  });

  it.each([
    ["jitter of ±12 m on the boundary", [3, -8, 12, -2, 9, -12, 7, 11, -4, 1], []],
    ["one stray fix 60 m out", [-20, -22, 60, -19, -21], []],
    ["standing 20 m out: inside the band, no warning", [20, 21, 19, 22, 20, 18], []],
    [
      "a real crossing out and back",
      [-30, -10, 5, 20, 30, 45, 60, 45, 20, 0, -8, -15, -25, -30],
      [
        { at: 5, crossing: "left" },
        { at: 12, crossing: "returned" },
      ],
    ],
    [
      "out, jitter just outside the sector while out, then back",
      [40, 40, -3, 4, -8, 2, -12, -14],
      [
        { at: 1, crossing: "left" },
        { at: 7, crossing: "returned" },
      ],
    ],
  ] as const)("SW6: %s", (_name, track, expected) => {
    expect(crossingsOf(track)).toEqual(expected);
  });

  it("SW6: a seeded random walk along the boundary (GPS error up to 15 m) never flaps: no crossing in 2,000 fixes", () => {
    const rng = new Random(1182);
    const track = Array.from({ length: 2000 }, () => rng.between(-15, 15));
    expect(crossingsOf(track)).toEqual([]);
    // The same walk with the band off (0 m margins, 1 fix) would flap hundreds of times: the band is what holds.
    const flaps = crossingsOf(track, false, { leaveMarginM: 0, returnMarginM: 0, confirmFixes: 1 }).length;
    expect(flaps).toBeGreaterThan(100);
  });

  it("SW6: the defaults are the documented ones", () => {
    expect(DEFAULT_HYSTERESIS).toEqual({ leaveMarginM: 25, returnMarginM: 10, confirmFixes: 2 });
  });
});

import { describe, expect, it } from "vitest";
import { type LabelRequest, layoutLabels, overlaps, type Side } from "../../client/src/map/labelLayout";
import { interiorSpots } from "../../client/src/map/planLayers";

const SIDES: Side[] = ["right", "left", "above", "below"];
const point = (id: string, x: number, y: number, priority = 1, w = 60, h = 14): LabelRequest => ({
  id,
  priority,
  w,
  h,
  gap: 6,
  spots: SIDES.map((side) => ({ x, y, side })),
});

describe("plan label layout (U26)", () => {
  it("U26: no two placed labels overlap, and a label goes to another side rather than on top of one", () => {
    const placed = layoutLabels([point("a", 100, 100), point("b", 130, 100), point("c", 160, 100)]);
    for (const p of placed) for (const q of placed) if (p !== q) expect(overlaps(p.box, q.box)).toBe(false);
    expect(placed.map((p) => p.id).sort()).toEqual(["a", "b", "c"]);
    expect(new Set(placed.map((p) => p.spot.side)).size).toBeGreaterThan(1);
  });

  it("U26: the higher priority keeps its place; a label with no free spot is left out", () => {
    const crowd = [point("low", 100, 100, 5, 200, 60), point("high", 100, 100, 1, 200, 60)];
    // Free only to the right of the point: above, below and left are taken.
    const obstacles = [
      { x: -500, y: -500, w: 1000, h: 569 },
      { x: -500, y: 131, w: 1000, h: 500 },
      { x: -500, y: 0, w: 600, h: 200 },
    ];
    const placed = layoutLabels(crowd, obstacles);
    expect(placed.map((p) => p.id)).toEqual(["high"]);
  });

  it("U26: a label is placed only where the view shows it whole: at the view's right edge it goes left", () => {
    const view = { x: 0, y: 0, w: 200, h: 200 };
    const [placed] = layoutLabels([point("edge", 180, 100)], [], view);
    expect(placed?.spot.side).toBe("left");
    expect(layoutLabels([point("outside", 400, 100)], [], view)).toEqual([]);
  });

  it("U26: an area's name goes inside it, away from the edges, even for a ring-shaped area", () => {
    // An L-shaped area whose centroid is outside it.
    const ring: [number, number][] = [
      [0, 0],
      [0, 10],
      [2, 10],
      [2, 2],
      [10, 2],
      [10, 0],
      [0, 0],
    ];
    const spots = interiorSpots(ring, 3);
    expect(spots.length).toBeGreaterThan(0);
    for (const [lat, lng] of spots) expect(lat < 2 || lng < 2).toBe(true);
  });
});

/**
 * Greedy label placement for the plan's names, in screen pixels at one zoom. Labels are placed in
 * priority order; each tries its candidate positions in turn and takes the first whose box
 * overlaps neither a label already placed nor an obstacle (a station's tag, a dot). A label with
 * no free position is left out: at that zoom a missing name is better than two unreadable ones.
 * Pure, so the map can run it on every zoom and a unit test can pin it down.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a label sits relative to its anchor point. */
export type Side = "centre" | "right" | "left" | "above" | "below";

/** One place a label may go: an anchor in pixels and the side of it the label takes. */
export interface Spot {
  x: number;
  y: number;
  side: Side;
}

export interface LabelRequest {
  id: string;
  /** Lower goes first and wins a conflict. */
  priority: number;
  w: number;
  h: number;
  /** Tried in order: a point's four sides, or an area's interior points from the roomiest. */
  spots: readonly Spot[];
  /** Gap between a point and its label, in pixels. */
  gap: number;
}

export interface PlacedLabel {
  id: string;
  spot: Spot;
  box: Box;
}

export function boxFor(r: LabelRequest, spot: Spot): Box {
  const { w, h, gap } = r;
  const { x, y } = spot;
  switch (spot.side) {
    case "centre":
      return { x: x - w / 2, y: y - h / 2, w, h };
    case "right":
      return { x: x + gap, y: y - h / 2, w, h };
    case "left":
      return { x: x - gap - w, y: y - h / 2, w, h };
    case "above":
      return { x: x - w / 2, y: y - gap - h, w, h };
    case "below":
      return { x: x - w / 2, y: y + gap, w, h };
  }
}

/** True when the boxes overlap by more than a hairline (touching edges are fine). */
export function overlaps(a: Box, b: Box, margin = 1): boolean {
  return a.x + a.w - margin > b.x && b.x + b.w - margin > a.x && a.y + a.h - margin > b.y && b.y + b.h - margin > a.y;
}

/** True when `inner` lies wholly inside `outer`. */
export function within(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** `view`, when given, is the visible part of the map: a label is placed only where it is seen whole. */
export function layoutLabels(requests: readonly LabelRequest[], obstacles: readonly Box[] = [], view?: Box): PlacedLabel[] {
  const order = [...requests].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  const taken: Box[] = [...obstacles];
  const placed: PlacedLabel[] = [];
  for (const r of order) {
    for (const spot of r.spots) {
      const box = boxFor(r, spot);
      if (view && !within(box, view)) continue;
      if (taken.some((t) => overlaps(box, t))) continue;
      taken.push(box);
      placed.push({ id: r.id, spot, box });
      break;
    }
  }
  return placed;
}

import { type DivIcon, divIcon, type LatLngTuple, type Map as LeafletMap } from "leaflet";
import { useEffect, useMemo, useState } from "react";
import { Marker, useMap, useMapEvents } from "react-leaflet";
import { type Density, useLook } from "../ui/look";
import { type Box, type LabelRequest, layoutLabels, type PlacedLabel, type Side, type Spot } from "./labelLayout";
import { escapeHtml } from "./markerIcons";
import { planLayers } from "./planLayers";

/**
 * The plan's names, placed so that they do not overlap: sectors and car parks over their areas,
 * entrances from zoom 16, landmarks from 17, steward posts from 18, laid out again at every zoom
 * (labelLayout.ts). Stations and RVPs keep their always-on tags (VenueLayers), which the layout
 * treats as obstacles, as it does every dot on screen.
 */
interface LabelKind {
  minZoom: number;
  priority: number;
  /** Areas are named at their interior spots; points beside the dot. */
  area: boolean;
  /** Font size in px at normal and wall density; the icon's inline size matches what was measured. */
  size: Record<Density, number>;
  weight: number;
  upper: boolean;
}

const POINT_SIDES: readonly Side[] = ["right", "left", "above", "below"];

const KINDS: Record<string, LabelKind> = {
  sector: { minZoom: 0, priority: 1, area: true, size: { normal: 11.5, wall: 16 }, weight: 700, upper: true },
  entrance: { minZoom: 16, priority: 2, area: false, size: { normal: 11.5, wall: 15 }, weight: 700, upper: false },
  "car-park": { minZoom: 16, priority: 3, area: true, size: { normal: 10, wall: 14 }, weight: 600, upper: false },
  "coach-park": { minZoom: 16, priority: 3, area: true, size: { normal: 10, wall: 14 }, weight: 600, upper: false },
  landmark: { minZoom: 17, priority: 4, area: false, size: { normal: 10.5, wall: 14 }, weight: 600, upper: false },
  post: { minZoom: 18, priority: 5, area: false, size: { normal: 10.5, wall: 14 }, weight: 600, upper: false },
};

/** The stations' and RVPs' tags (VenueLayers): the mark, then text at this size. */
const TAG_SIZE: Record<Density, number> = { normal: 10.5, wall: 14 };
const PAD_X = 3;
const PAD_Y = 1;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

let measurer: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();

function textWidth(text: string, size: number, weight: number): number {
  const key = `${weight}:${size}:${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    measurer ??= document.createElement("canvas").getContext("2d");
    if (measurer) measurer.font = `${weight} ${size}px ${FONT}`;
    // Without a canvas (never in a browser), a generous average width per character.
    w = Math.ceil(measurer ? measurer.measureText(text).width : text.length * size * 0.62);
    widths.set(key, w);
  }
  return w;
}

interface Candidate {
  id: string;
  kind: string;
  text: string;
  /** A point's position, or an area's roomiest interior points. */
  at: LatLngTuple[];
}

const CANDIDATES: Candidate[] = [
  ...planLayers.areas.flatMap((a) => (a.labelSpots.length ? [{ id: a.id, kind: a.kind, text: a.name, at: a.labelSpots }] : [])),
  ...planLayers.points.map((p) => ({ id: p.id, kind: p.kind, text: p.name, at: [p.at] })),
];

function labelText(c: Candidate): string {
  return KINDS[c.kind]?.upper ? c.text.toUpperCase() : c.text;
}

/** Station tags and every dot drawn at this zoom, in the same pixel space as the labels. */
function obstaclesAt(map: LeafletMap, zoom: number, density: Density): Box[] {
  const boxes: Box[] = planLayers.labels.map((l) => {
    const p = map.project(l.at, zoom);
    const text = l.kind === "rvp" ? l.name : `${l.name} ⊖`;
    return { x: p.x - 7, y: p.y - 9, w: 16 + textWidth(text, TAG_SIZE[density], 700) + 2 * PAD_X, h: 18 };
  });
  for (const p of planLayers.points) {
    // A post's dot, tiny under zoom 18, may sit under a name; entrances are kept clear at every zoom.
    if (p.kind !== "entrance" && zoom < (KINDS[p.kind]?.minZoom ?? 0)) continue;
    const r = p.styles.light.radius + 1;
    const at = map.project(p.at, zoom);
    boxes.push({ x: at.x - r, y: at.y - r, w: 2 * r, h: 2 * r });
  }
  return boxes;
}

export function planLabelLayout(map: LeafletMap, zoom: number, density: Density, view?: Box, covered: Box[] = []): PlacedLabel[] {
  const requests: LabelRequest[] = [];
  for (const c of CANDIDATES) {
    const kind = KINDS[c.kind];
    if (!kind || zoom < kind.minZoom) continue;
    const size = kind.size[density];
    const spots: Spot[] = [];
    for (const at of c.at) {
      const p = map.project(at, zoom);
      if (kind.area) spots.push({ x: p.x, y: p.y, side: "centre" });
      else for (const side of POINT_SIDES) spots.push({ x: p.x, y: p.y, side });
    }
    requests.push({
      id: c.id,
      priority: kind.priority,
      w: textWidth(labelText(c), size, kind.weight) + 2 * PAD_X,
      h: Math.ceil(size * 1.25) + 2 * PAD_Y,
      spots,
      gap: 6,
    });
  }
  return layoutLabels(requests, [...covered, ...obstaclesAt(map, zoom, density)], view);
}

const BY_ID = new Map(CANDIDATES.map((c) => [c.id, c]));
const icons = new Map<string, DivIcon>();

/** One icon per label, side and density, built once: React-Leaflet compares icons by reference. */
function iconFor(c: Candidate, placed: PlacedLabel, density: Density): DivIcon {
  const key = `${c.id}:${placed.spot.side}:${placed.box.w}x${placed.box.h}:${density}`;
  let icon = icons.get(key);
  if (!icon) {
    const kind = KINDS[c.kind];
    const size = kind?.size[density] ?? 11;
    const { box } = placed;
    icon = divIcon({
      className: `plan-name plan-name-${c.kind}`,
      html: `<span style="font-size:${size}px;line-height:${box.h - 2 * PAD_Y}px">${escapeHtml(labelText(c))}</span>`,
      iconSize: [box.w, box.h],
      iconAnchor: [Math.round(placed.spot.x - box.x), Math.round(placed.spot.y - box.y)],
    });
    icons.set(key, icon);
  }
  return icon;
}

/** Things drawn over the map (the key, the zoom buttons, the alarm's mute switch): names are kept out from under them. */
const OVERLAYS = ".map-legend, .leaflet-control, .map-overlay, .alarm-mute-floating";

interface View {
  zoom: number;
  box: Box;
  covered: Box[];
}

function viewOf(map: LeafletMap): View {
  const b = map.getPixelBounds();
  const min = b.min ?? { x: 0, y: 0 };
  const max = b.max ?? { x: 0, y: 0 };
  const container = map.getContainer();
  const origin = container.getBoundingClientRect();
  const covered: Box[] = [];
  for (const el of document.querySelectorAll(OVERLAYS)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0)
      covered.push({ x: min.x + r.left - origin.left, y: min.y + r.top - origin.top, w: r.width, h: r.height });
  }
  return { zoom: map.getZoom(), box: { x: min.x, y: min.y, w: max.x - min.x, h: max.y - min.y }, covered };
}

export function PlanLabels({ pane }: { pane: string }) {
  const map = useMap();
  const { density } = useLook();
  const [view, setView] = useState(() => viewOf(map));
  // Laid out again after every move: a name is placed where it can be read whole.
  useMapEvents({ moveend: () => setView(viewOf(map)), resize: () => setView(viewOf(map)) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a density change resizes the key, read from the DOM
  useEffect(
    function measureOverlays() {
      // After the first paint, and after a density change resizes the key: what covers the map now.
      setView(viewOf(map));
    },
    [map, density],
  );
  const { zoom } = view;
  const placed = useMemo(() => planLabelLayout(map, view.zoom, density, view.box, view.covered), [map, view, density]);
  return (
    <>
      {placed.map((p) => {
        const c = BY_ID.get(p.id);
        if (!c) return null;
        // The spot's own position: an area's label moves between interior points as the zoom changes.
        const position = map.unproject([p.spot.x, p.spot.y], zoom);
        return (
          <Marker
            key={`${p.id}:${p.spot.side}:${p.spot.x},${p.spot.y}`}
            position={position}
            icon={iconFor(c, p, density)}
            interactive={false}
            keyboard={false}
            pane={pane}
          />
        );
      })}
    </>
  );
}

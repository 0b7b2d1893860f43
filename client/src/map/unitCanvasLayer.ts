import L, { type Map as LeafletMap, type LeafletMouseEvent } from "leaflet";
import Supercluster, { type PointFeature } from "supercluster";
import type { Fix, Unit } from "../../../shared/state";
import { isFixStale } from "../sync/linkRules";
import { age } from "../ui/time";
import { DENSE_UNITS, unitRadius } from "./styles";
import { type Box, DotBatch, type DrawnUnit, drawCluster, LabelPainter, unitText } from "./unitCanvasDraw";

/** Below this zoom units are drawn as clusters with a count (U40). */
export const CLUSTER_BELOW = 16;
/** From this zoom, units in view carry call-sign labels drawn on the canvas (U41). */
export const LABEL_ZOOM = 17;
/** Beyond this many units in view, only busy units keep their labels (available units are the crowd). */
const MAX_LABELS = 250;
/** A move between fixes is drawn over this long: fixes come about once a second (U42). */
const TWEEN_MS = 800;
/**
 * A tween frame is drawn when the fastest dot in view has moved about a pixel, but never more
 * often than this (about 30 a second) nor less often than MAX_FRAME_MS while anything moves: a
 * walking officer at zoom 17 crosses two or three pixels a second, and redrawing thousands of
 * dots and labels sixty times a second for that kept the page's main thread busy (issue 14).
 */
const MIN_FRAME_MS = 33;
const MAX_FRAME_MS = 200;
/** Clusters are re-counted at most this often: a count does not need every 50 ms frame. */
const REINDEX_MS = 1_000;
/** Between the plan's overlay pane (400) and the incident markers (600). */
const PANE_Z = 450;

export interface UnitDrawData {
  units: Readonly<Record<string, Unit>>;
  /** Drawn in the DOM with its label (UnitMarkers), so left out of the canvas. */
  selectedId: string | null;
  /** The server's time when last looked at, against which a fix is stale (U14, U17). */
  now: number;
  /** Offline or behind: every position is drawn stale. */
  frozen: boolean;
}

interface Tween {
  fromLat: number;
  fromLng: number;
  fix: Fix;
  start: number;
}

type Hit =
  | { kind: "unit"; unitId: string; stale: string | undefined }
  | { kind: "cluster"; clusterId: number; count: number; lat: number; lng: number };
interface Spot {
  x: number;
  y: number;
  r: number;
  hit: Hit;
}

/**
 * Every unit but the selected one, drawn on one canvas of its own: a frame redraws dots (and,
 * zoomed out, cluster counts) with no DOM per unit. Moves are tweened between fixes, a frame
 * per pixel of movement, and the canvas is idle when nothing moves. The pointer is hit-tested
 * against what was drawn: a click selects a unit or opens a cluster, hovering names it (ZB3).
 */
export class UnitCanvasLayer extends L.Layer {
  private canvas = document.createElement("canvas");
  private data: UnitDrawData = { units: {}, selectedId: null, now: 0, frozen: false };
  private dense = false;
  private tweens = new Map<string, Tween>();
  private index: Supercluster | null = null;
  private indexedAt = 0;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private spots: Spot[] = [];
  private labels = new LabelPainter();
  private pointer: L.Point | null = null;
  private tip = L.tooltip({ direction: "right", className: "unit-tip", opacity: 0.95 });

  constructor(private onSelect: (unitId: string) => void) {
    super();
  }

  override onAdd(map: LeafletMap): this {
    const pane = map.getPane("unitCanvas") ?? map.createPane("unitCanvas");
    pane.style.zIndex = String(PANE_Z);
    pane.style.pointerEvents = "none";
    this.canvas.className = "unit-canvas";
    pane.appendChild(this.canvas);
    map.on("move zoomend resize viewreset", this.redraw, this);
    map.on("click", this.click, this);
    map.on("mousemove", this.hover, this);
    map.on("zoomstart", this.unhover, this);
    // The container's own mouseleave: Leaflet's map "mouseout" does not fire when the pointer
    // leaves from over one of the plan's shapes (the shape's layer takes the event).
    L.DomEvent.on(map.getContainer(), "mouseleave", this.unhover, this);
    this.redraw();
    return this;
  }

  override onRemove(map: LeafletMap): this {
    map.off("move zoomend resize viewreset", this.redraw, this);
    map.off("click", this.click, this);
    map.off("mousemove", this.hover, this);
    map.off("zoomstart", this.unhover, this);
    L.DomEvent.off(map.getContainer(), "mouseleave", this.unhover, this);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.tip.remove();
    this.canvas.remove();
    return this;
  }

  setData(data: UnitDrawData): void {
    if (data.units !== this.data.units) {
      this.index = null;
      this.dense = Object.keys(data.units).length > DENSE_UNITS;
    }
    this.data = data;
    this.redraw();
  }

  /** New fixes: each moved unit tweens from where it is drawn now to its new fix. */
  setPositions(positions: Readonly<Record<string, Fix>>): void {
    const now = performance.now();
    let appeared = false;
    for (const unitId in positions) {
      const fix = positions[unitId];
      const known = this.tweens.get(unitId);
      if (!fix || known?.fix === fix) continue;
      const at = known ? this.placeOf(known, now) : fix;
      this.tweens.set(unitId, { fromLat: at.lat, fromLng: at.lng, fix, start: known ? now : now - TWEEN_MS });
      appeared ||= !known;
    }
    for (const unitId of this.tweens.keys()) if (!positions[unitId]) this.tweens.delete(unitId);
    const map = this._map as LeafletMap | undefined;
    if (map && map.getZoom() < CLUSTER_BELOW) {
      // Clustered, the picture changes only when the clusters are counted again.
      if (now - this.indexedAt > REINDEX_MS) {
        this.index = null;
        this.redraw();
      }
      return;
    }
    // A move starts where the dot is drawn: nothing new to draw until it has gone a pixel, and
    // the frame already due looks at every move's pace when it is drawn.
    if (appeared) this.redraw();
    else this.later(MAX_FRAME_MS);
  }

  /** Draws at the next animation frame (the map moved, the data changed). */
  private redraw(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  /**
   * Draws at the first animation frame after `ms`, unless a draw is already on its way: new
   * fixes arrive every 50 ms, and each would otherwise bring the next frame forward.
   */
  private later(ms: number): void {
    if (this.frame || this.timer !== undefined) return;
    this.timer = setTimeout(() => this.redraw(), ms);
  }

  private placeOf(t: Tween, now: number): { lat: number; lng: number } {
    const k = Math.min(1, (now - t.start) / TWEEN_MS);
    return { lat: t.fromLat + (t.fix.lat - t.fromLat) * k, lng: t.fromLng + (t.fix.lng - t.fromLng) * k };
  }

  private draw(): void {
    this.frame = 0;
    const map = this._map as LeafletMap | undefined;
    if (!map) return;
    const ctx = this.prepare(map);
    this.spots = [];
    let labelled = 0;
    if (map.getZoom() < CLUSTER_BELOW) this.drawClusters(map, ctx);
    else {
      const { drawn, next } = this.drawUnits(map, ctx, performance.now());
      if (map.getZoom() >= LABEL_ZOOM)
        labelled = this.labels.draw(ctx, drawn, unitRadius(map.getZoom(), this.dense), drawn.length > MAX_LABELS, planNames(map)).size;
      if (next !== null) this.later(next);
    }
    // What was drawn, for tests and benches that cannot read pixels.
    const clusters = this.spots.filter((s) => s.hit.kind === "cluster").length;
    this.canvas.dataset.clusters = String(clusters);
    this.canvas.dataset.units = String(this.spots.length - clusters);
    this.canvas.dataset.labels = String(labelled);
    this.followTip(map);
  }

  /** Sizes the canvas to the map (at the device's pixel ratio) and puts it at the view's corner. */
  private prepare(map: LeafletMap): CanvasRenderingContext2D {
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== size.x * ratio || this.canvas.height !== size.y * ratio) {
      this.canvas.width = size.x * ratio;
      this.canvas.height = size.y * ratio;
      this.canvas.style.width = `${size.x}px`;
      this.canvas.style.height = `${size.y}px`;
    }
    L.DomUtil.setPosition(this.canvas, map.containerPointToLayerPoint([0, 0]));
    const ctx = this.canvas.getContext("2d") as CanvasRenderingContext2D;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    return ctx;
  }

  /**
   * Draws each unit in view at its tweened place. `next` is when the fastest move in view will
   * have gone another pixel (null when nothing moves).
   */
  private drawUnits(map: LeafletMap, ctx: CanvasRenderingContext2D, now: number): { drawn: DrawnUnit[]; next: number | null } {
    const { units, selectedId } = this.data;
    const radius = unitRadius(map.getZoom(), this.dense);
    const size = map.getSize();
    const drawn: DrawnUnit[] = [];
    let moving = false;
    let speed = 0; // pixels per millisecond
    for (const [unitId, tween] of this.tweens) {
      const unit = units[unitId];
      if (!unit || unit.status === "off-duty" || unitId === selectedId) continue;
      const left = TWEEN_MS - (now - tween.start);
      const p = map.latLngToContainerPoint(this.placeOf(tween, now));
      if (left > 0) moving = true;
      if (p.x < -20 || p.y < -20 || p.x > size.x + 20 || p.y > size.y + 20) continue;
      if (left > 0) {
        const to = map.latLngToContainerPoint(tween.fix);
        speed = Math.max(speed, Math.hypot(to.x - p.x, to.y - p.y) / left);
      }
      drawn.push({ unit, x: p.x, y: p.y, stale: this.staleAge(tween.fix) });
    }
    const dots = new DotBatch();
    for (const d of drawn) {
      dots.add(d.x, d.y, d.unit, d.stale !== undefined);
      this.spots.push({ x: d.x, y: d.y, r: radius + 3, hit: { kind: "unit", unitId: d.unit.id, stale: d.stale } });
    }
    dots.draw(ctx, radius, this.dense);
    const next = moving ? Math.min(MAX_FRAME_MS, Math.max(MIN_FRAME_MS, speed > 0 ? 1 / speed : MAX_FRAME_MS)) : null;
    return { drawn, next };
  }

  /** Zoomed out: clusters with their count, single units as dots. */
  private drawClusters(map: LeafletMap, ctx: CanvasRenderingContext2D): void {
    const { units, selectedId } = this.data;
    const index = this.indexNow();
    const b = map.getBounds().pad(0.2);
    const zoom = Math.floor(map.getZoom());
    const radius = unitRadius(zoom, this.dense);
    const dots = new DotBatch();
    for (const f of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = map.latLngToContainerPoint([lat, lng]);
      const props = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; unitId?: string };
      if (props.cluster && props.cluster_id !== undefined) {
        const count = props.point_count ?? 0;
        const r = drawCluster(ctx, p.x, p.y, count);
        this.spots.push({ x: p.x, y: p.y, r, hit: { kind: "cluster", clusterId: props.cluster_id, count, lat, lng } });
        continue;
      }
      const unit = props.unitId ? units[props.unitId] : undefined;
      if (!unit || unit.id === selectedId) continue;
      const fix = this.tweens.get(unit.id)?.fix;
      const stale = fix ? this.staleAge(fix) : undefined;
      dots.add(p.x, p.y, unit, stale !== undefined);
      this.spots.push({ x: p.x, y: p.y, r: radius + 3, hit: { kind: "unit", unitId: unit.id, stale } });
    }
    dots.draw(ctx, radius, this.dense);
  }

  /** The fix's age ("3 min") when the position is stale, else undefined. */
  private staleAge(fix: Fix): string | undefined {
    const { now, frozen } = this.data;
    return isFixStale(fix.at, now, frozen) ? age(fix.at, Math.max(now, fix.at)) : undefined;
  }

  private indexNow(): Supercluster {
    if (this.index) return this.index;
    const points: PointFeature<{ unitId: string }>[] = [];
    for (const [unitId, t] of this.tweens) {
      const unit = this.data.units[unitId];
      if (!unit || unit.status === "off-duty") continue;
      points.push({ type: "Feature", properties: { unitId }, geometry: { type: "Point", coordinates: [t.fix.lng, t.fix.lat] } });
    }
    this.index = new Supercluster({ radius: 50, maxZoom: CLUSTER_BELOW - 1, minPoints: 3 }).load(points);
    this.indexedAt = performance.now();
    return this.index;
  }

  /** The topmost thing drawn under a container point. */
  private spotAt(x: number, y: number): Spot | undefined {
    return this.spots.findLast((s) => (s.x - x) ** 2 + (s.y - y) ** 2 <= s.r ** 2);
  }

  private click(e: LeafletMouseEvent): void {
    // While a form picks a point on the map (PickLocation), a click is that point, not a unit.
    if (this._map.getContainer().classList.contains("map-picking")) return;
    const found = this.spotAt(e.containerPoint.x, e.containerPoint.y);
    if (!found) return;
    const { hit } = found;
    if (hit.kind === "unit") this.onSelect(hit.unitId);
    else this._map.setView([hit.lat, hit.lng], Math.max(this.indexNow().getClusterExpansionZoom(hit.clusterId), CLUSTER_BELOW));
  }

  private hover(e: LeafletMouseEvent): void {
    this.pointer = e.containerPoint;
    this.followTip(this._map);
  }

  private unhover(): void {
    this.pointer = null;
    this.followTip(this._map);
  }

  /**
   * The unit (call sign and status, and a stale fix's age) or cluster under the pointer, named in
   * a tooltip beside it; looked at again after every frame, so the tooltip follows a moving dot.
   */
  private followTip(map: LeafletMap): void {
    const found = this.pointer ? this.spotAt(this.pointer.x, this.pointer.y) : undefined;
    map.getContainer().classList.toggle("unit-canvas-hover", found !== undefined);
    if (!found) {
      this.tip.remove();
      return;
    }
    const { hit } = found;
    const unit = hit.kind === "unit" ? this.data.units[hit.unitId] : undefined;
    const text = unit
      ? unitText(unit, false, hit.kind === "unit" ? hit.stale : undefined)
      : `${hit.kind === "cluster" ? hit.count : 0} units · click to zoom in`;
    this.tip.options.offset = [found.r, 0];
    this.tip.setLatLng(map.containerPointToLatLng([found.x, found.y]));
    if (this.tip.getContent() !== text) this.tip.setContent(text);
    if (!map.hasLayer(this.tip)) this.tip.addTo(map);
  }
}

/**
 * The plan's names on screen (PlanLabels' markers), in container pixels, from where Leaflet put
 * each (its layer point, its anchor's margins) and its inline size: read with no layout, since
 * this runs every frame.
 */
function planNames(map: LeafletMap): Box[] {
  const boxes: Box[] = [];
  for (const el of map.getContainer().querySelectorAll<HTMLElement>(".plan-name")) {
    const at = (el as HTMLElement & { _leaflet_pos?: L.Point })._leaflet_pos;
    if (!at) continue;
    const p = map.layerPointToContainerPoint(at);
    // Leaflet puts the icon's anchor at the point with negative margins.
    const x = p.x + (Number.parseFloat(el.style.marginLeft) || 0);
    const y = p.y + (Number.parseFloat(el.style.marginTop) || 0);
    boxes.push({ x, y, w: Number.parseFloat(el.style.width) || 0, h: Number.parseFloat(el.style.height) || 0 });
  }
  return boxes;
}

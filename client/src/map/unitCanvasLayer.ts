import L, { type Map as LeafletMap, type LeafletMouseEvent } from "leaflet";
import Supercluster, { type PointFeature } from "supercluster";
import type { Fix, Unit } from "../../../shared/state";
import { isFixStale } from "../sync/linkRules";
import { age } from "../ui/time";
import { DENSE_UNITS, UNIT_STATUS_COLOURS, unitRadius, unitStyle } from "./styles";

/** Below this zoom units are drawn as clusters with a count (U40). */
export const CLUSTER_BELOW = 16;
/** From this zoom, units in view carry call-sign labels drawn on the canvas (U41). */
export const LABEL_ZOOM = 17;
/** Beyond this many labels in view, only busy units keep theirs (available units are the crowd). */
const MAX_LABELS = 250;
/** A move between fixes is drawn over this long: fixes come about once a second (U42). */
const TWEEN_MS = 800;
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

type Hit = { kind: "unit"; unitId: string } | { kind: "cluster"; clusterId: number; lat: number; lng: number };

/**
 * Every unit but the selected one, drawn on one canvas of its own: a frame redraws dots (and,
 * zoomed out, cluster counts) with no DOM per unit. Moves are tweened between fixes with
 * requestAnimationFrame while any is under way, and the canvas is idle otherwise.
 */
export class UnitCanvasLayer extends L.Layer {
  private canvas = document.createElement("canvas");
  private data: UnitDrawData = { units: {}, selectedId: null, now: 0, frozen: false };
  private tweens = new Map<string, Tween>();
  private index: Supercluster | null = null;
  private indexedAt = 0;
  private frame = 0;
  private hits: { x: number; y: number; r: number; hit: Hit }[] = [];
  private labelled = 0;

  constructor(private onSelect: (unitId: string) => void) {
    super();
  }

  override onAdd(map: LeafletMap): this {
    const pane = map.getPane("unitCanvas") ?? map.createPane("unitCanvas");
    pane.style.zIndex = String(PANE_Z);
    pane.style.pointerEvents = "none";
    this.canvas.className = "unit-canvas";
    pane.appendChild(this.canvas);
    map.on("move zoomend resize viewreset", this.schedule, this);
    map.on("click", this.click, this);
    this.schedule();
    return this;
  }

  override onRemove(map: LeafletMap): this {
    map.off("move zoomend resize viewreset", this.schedule, this);
    map.off("click", this.click, this);
    cancelAnimationFrame(this.frame);
    this.canvas.remove();
    return this;
  }

  setData(data: UnitDrawData): void {
    if (data.units !== this.data.units) this.index = null;
    this.data = data;
    this.schedule();
  }

  /** New fixes: each moved unit tweens from where it is drawn now to its new fix. */
  setPositions(positions: Readonly<Record<string, Fix>>): void {
    const now = performance.now();
    for (const unitId in positions) {
      const fix = positions[unitId];
      const known = this.tweens.get(unitId);
      if (!fix || known?.fix === fix) continue;
      const at = known ? this.placeOf(known, now) : fix;
      this.tweens.set(unitId, { fromLat: at.lat, fromLng: at.lng, fix, start: known ? now : now - TWEEN_MS });
    }
    for (const unitId of this.tweens.keys()) if (!positions[unitId]) this.tweens.delete(unitId);
    if (now - this.indexedAt > REINDEX_MS) this.index = null;
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
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
    const now = performance.now();
    this.hits = [];
    this.labelled = 0;
    const moving = map.getZoom() < CLUSTER_BELOW ? this.drawClusters(map, ctx) : this.drawUnits(map, ctx, now);
    // What was drawn, for tests and benches that cannot read pixels.
    const clusters = this.hits.filter((h) => h.hit.kind === "cluster").length;
    this.canvas.dataset.clusters = String(clusters);
    this.canvas.dataset.units = String(this.hits.length - clusters);
    this.canvas.dataset.labels = String(this.labelled);
    if (moving) this.schedule();
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

  /** Draws each unit in view at its tweened place; true while any move is still under way. */
  private drawUnits(map: LeafletMap, ctx: CanvasRenderingContext2D, now: number): boolean {
    const { units, selectedId } = this.data;
    const dense = Object.keys(units).length > DENSE_UNITS;
    const zoom = map.getZoom();
    const radius = unitRadius(zoom, dense);
    const size = map.getSize();
    const drawn: { unit: Unit; x: number; y: number; stale: string | undefined }[] = [];
    let moving = false;
    for (const [unitId, tween] of this.tweens) {
      const unit = units[unitId];
      if (!unit || unit.status === "off-duty" || unitId === selectedId) continue;
      if (now - tween.start < TWEEN_MS) moving = true;
      const p = map.latLngToContainerPoint(this.placeOf(tween, now));
      if (p.x < -20 || p.y < -20 || p.x > size.x + 20 || p.y > size.y + 20) continue;
      drawn.push({ unit, x: p.x, y: p.y, stale: this.staleAge(tween.fix) });
    }
    const dots = new DotBatch();
    for (const d of drawn) {
      dots.add(d.x, d.y, d.unit, d.stale !== undefined);
      this.hits.push({ x: d.x, y: d.y, r: radius + 3, hit: { kind: "unit", unitId: d.unit.id } });
    }
    dots.draw(ctx, radius, dense);
    if (zoom >= LABEL_ZOOM) this.labelled = drawLabels(ctx, drawn, radius);
    return moving;
  }

  /** Zoomed out: clusters with their count, single units as dots. */
  private drawClusters(map: LeafletMap, ctx: CanvasRenderingContext2D): boolean {
    const { units, selectedId } = this.data;
    const index = this.indexNow();
    const b = map.getBounds().pad(0.2);
    const zoom = Math.floor(map.getZoom());
    const dense = Object.keys(units).length > DENSE_UNITS;
    const radius = unitRadius(zoom, dense);
    const dots = new DotBatch();
    for (const f of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom)) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      const p = map.latLngToContainerPoint([lat, lng]);
      const props = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; unitId?: string };
      if (props.cluster && props.cluster_id !== undefined) {
        const r = drawCluster(ctx, p.x, p.y, props.point_count ?? 0);
        this.hits.push({ x: p.x, y: p.y, r, hit: { kind: "cluster", clusterId: props.cluster_id, lat, lng } });
        continue;
      }
      const unit = props.unitId ? units[props.unitId] : undefined;
      if (!unit || unit.id === selectedId) continue;
      const fix = this.tweens.get(unit.id)?.fix;
      dots.add(p.x, p.y, unit, fix !== undefined && this.staleAge(fix) !== undefined);
      this.hits.push({ x: p.x, y: p.y, r: radius + 3, hit: { kind: "unit", unitId: unit.id } });
    }
    dots.draw(ctx, radius, dense);
    return false;
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

  private click(e: LeafletMouseEvent): void {
    // While a form picks a point on the map (PickLocation), a click is that point, not a unit.
    if (this._map.getContainer().classList.contains("map-picking")) return;
    const { x, y } = e.containerPoint;
    const found = this.hits.findLast((h) => (h.x - x) ** 2 + (h.y - y) ** 2 <= h.r ** 2);
    if (!found) return;
    const { hit } = found;
    if (hit.kind === "unit") this.onSelect(hit.unitId);
    else this._map.setView([hit.lat, hit.lng], Math.max(this.indexNow().getClusterExpansionZoom(hit.clusterId), CLUSTER_BELOW));
  }
}

/**
 * Dots gathered by look (status, stale) and drawn one path per look: a handful of fills and
 * strokes a frame rather than two per unit, which is what a software-rendered canvas pays for.
 */
class DotBatch {
  private groups = new Map<string, { unit: Unit; stale: boolean; points: number[] }>();

  add(x: number, y: number, unit: Unit, stale: boolean): void {
    const key = `${unit.status}:${stale}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { unit, stale, points: [] };
      this.groups.set(key, group);
    }
    group.points.push(x, y);
  }

  /** Grey and dashed with a status ring when stale (U14), else the status colour. */
  draw(ctx: CanvasRenderingContext2D, r: number, dense: boolean): void {
    for (const { unit, stale, points } of this.groups.values()) {
      const style = unitStyle(unit.status, dense);
      ctx.beginPath();
      for (let i = 0; i < points.length; i += 2) {
        const x = points[i] ?? 0;
        const y = points[i + 1] ?? 0;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
      ctx.globalAlpha = stale ? 0.5 : (style.fillOpacity ?? 1);
      ctx.fillStyle = stale ? "#9ca3af" : (style.fillColor ?? UNIT_STATUS_COLOURS[unit.status]);
      ctx.fill();
      ctx.globalAlpha = stale ? 0.8 : (style.opacity ?? 1);
      ctx.lineWidth = stale ? 1.5 : (style.weight ?? 1);
      ctx.strokeStyle = stale ? UNIT_STATUS_COLOURS[unit.status] : (style.color ?? "#111827");
      ctx.setLineDash(stale ? [2, 2] : []);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }
}

/** A cluster: a disc sized by its count, the count written in it. Returns its radius. */
function drawCluster(ctx: CanvasRenderingContext2D, x: number, y: number, count: number): number {
  const r = Math.min(26, 10 + Math.log2(count) * 2);
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = "rgba(31, 41, 55, 0.85)";
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#f9fafb";
  ctx.stroke();
  ctx.fillStyle = "#f9fafb";
  ctx.font = "600 11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count), x, y);
  return r;
}

/** Call signs to the right of each dot; a crowded view labels only the busy units. Returns how many. */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  drawn: { unit: Unit; x: number; y: number; stale: string | undefined }[],
  r: number,
): number {
  let count = 0;
  const crowded = drawn.length > MAX_LABELS;
  ctx.font = "600 11px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
  for (const d of drawn) {
    if (crowded && d.unit.status === "available") continue;
    const text = d.stale === undefined ? d.unit.callSign : `${d.unit.callSign} · fix ${d.stale} old`;
    ctx.fillStyle = d.stale === undefined ? "#111827" : "#4b5563";
    ctx.strokeText(text, d.x + r + 4, d.y);
    ctx.fillText(text, d.x + r + 4, d.y);
    count++;
  }
  return count;
}

import type { Unit } from "../../../shared/state";
import { UNIT_STATUS_COLOURS, UNIT_STATUS_LABELS, unitStyle } from "./styles";

/**
 * What the unit canvas (unitCanvasLayer.ts) draws: dots batched by look, cluster discs, and
 * call-sign labels that never overlap. Drawn again at every tween frame, so each part is built
 * to cost a handful of canvas calls, not a stroke per glyph.
 */

/** A unit as drawn in one frame, in container pixels. */
export interface DrawnUnit {
  unit: Unit;
  x: number;
  y: number;
  /** The fix's age ("3 min") when the position is stale, else undefined. */
  stale: string | undefined;
}

/** "12A", or for a tooltip "12A · On scene"; a stale position adds the fix's age. */
export function unitText(unit: Unit, label: boolean, staleAge: string | null | undefined): string {
  const name = label ? unit.callSign : `${unit.callSign} · ${UNIT_STATUS_LABELS[unit.status]}`;
  if (staleAge === null || staleAge === undefined) return name;
  return label ? `${name} · fix ${staleAge} old` : `${name} · position stale: last fix ${staleAge} ago`;
}

/**
 * Dots gathered by look (status, stale) and drawn one path per look: a handful of fills and
 * strokes a frame rather than two per unit, which is what a software-rendered canvas pays for.
 */
export class DotBatch {
  private groups = new Map<string, { unit: Unit; stale: boolean; points: number[] }>();

  add(x: number, y: number, unit: Unit, stale: boolean): void {
    const key = stale ? `${unit.status}:stale` : unit.status;
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
export function drawCluster(ctx: CanvasRenderingContext2D, x: number, y: number, count: number): number {
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

const LABEL_FONT = "600 11px system-ui, sans-serif";
const LABEL_H = 14;
const PAD = 3;
/** Side of a cell of the grid that finds a label's neighbours (about a label's width). */
const CELL = 48;

/**
 * Call signs to the right of their dots, on a light pill, none over another: labels are placed
 * in order (busy units first, then those labelled last frame, so a label does not flicker as
 * its neighbours move) and one that would overlap a placed label is left out. A grid of placed
 * boxes keeps that check to the few neighbours, whatever the count. When `busyOnly`, available
 * units are not labelled at all (a crowded view, U41). The plan's names on screen are obstacles
 * no call sign covers. Text widths are measured once per text.
 */
export class LabelPainter {
  private widths = new Map<string, number>();
  private shown = new Set<string>();

  /** Draws the labels; returns the ids labelled. */
  draw(
    ctx: CanvasRenderingContext2D,
    drawn: readonly DrawnUnit[],
    r: number,
    busyOnly: boolean,
    obstacles: readonly Box[] = [],
  ): Set<string> {
    ctx.font = LABEL_FONT;
    const order = drawn.filter((d) => !(busyOnly && d.unit.status === "available"));
    const rank = (d: DrawnUnit) => (d.unit.status === "available" ? 2 : 0) + (this.shown.has(d.unit.id) ? 0 : 1);
    order.sort((a, b) => rank(a) - rank(b));
    const grid = new Map<number, number[]>();
    // The plan's names go in first, so no call sign covers one; they are not drawn here.
    const taken: Box[] = [...obstacles];
    taken.forEach((o, n) => {
      for (const key of cells(o.x, o.y, o.w, o.h)) grid.set(key, [...(grid.get(key) ?? []), n]);
    });
    const placed: { d: DrawnUnit; text: string; x: number; y: number; w: number }[] = [];
    for (const d of order) {
      const text = unitText(d.unit, true, d.stale);
      const w = this.width(ctx, text) + 2 * PAD;
      const x = d.x + r + 3;
      const y = d.y - LABEL_H / 2;
      if (collides(grid, taken, x, y, w)) continue;
      placed.push({ d, text, x, y, w });
      const n = taken.push({ x, y, w, h: LABEL_H }) - 1;
      for (const key of cells(x, y, w, LABEL_H)) {
        const list = grid.get(key);
        if (list) list.push(n);
        else grid.set(key, [n]);
      }
    }
    ctx.beginPath();
    for (const p of placed) ctx.rect(p.x, p.y, p.w, LABEL_H);
    ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
    ctx.fill();
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    for (const p of placed) {
      ctx.fillStyle = p.d.stale === undefined ? "#111827" : "#4b5563";
      ctx.fillText(p.text, p.x + PAD, p.y + LABEL_H / 2 + 0.5);
    }
    this.shown = new Set(placed.map((p) => p.d.unit.id));
    return this.shown;
  }

  private width(ctx: CanvasRenderingContext2D, text: string): number {
    let w = this.widths.get(text);
    if (w === undefined) {
      w = Math.ceil(ctx.measureText(text).width);
      // Call signs are few; stale ages change. Forget all now and then rather than grow.
      if (this.widths.size > 20_000) this.widths.clear();
      this.widths.set(text, w);
    }
    return w;
  }
}

/** A box in container pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The grid cells a box touches. */
function cells(x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let cx = Math.floor(x / CELL); cx <= Math.floor((x + w) / CELL); cx++)
    for (let cy = Math.floor(y / CELL); cy <= Math.floor((y + h) / CELL); cy++) out.push(cx * 100_003 + cy);
  return out;
}

function collides(grid: Map<number, number[]>, taken: readonly Box[], x: number, y: number, w: number): boolean {
  for (const key of cells(x, y, w, LABEL_H))
    for (const n of grid.get(key) ?? []) {
      const p = taken[n];
      if (p && x < p.x + p.w && p.x < x + w && y < p.y + p.h && p.y < y + LABEL_H) return true;
    }
  return false;
}

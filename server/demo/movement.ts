import type { UnitKind } from "../../shared/domain";
import type { LatLng } from "../../shared/events";
import type { Fix, OperationState } from "../../shared/state";
import { M_PER_DEG_LAT } from "./geo";
import { Random } from "./random";
import type { UnitSpec } from "./roster";
import { travelSpeed } from "./storyline/plan";

/** How a kind of unit moves when idle: walking speed (m/s), how far it strays, GPS accuracy (m). */
const IDLE: Record<UnitKind, { speed: number; radius: number; accuracy: number }> = {
  psu: { speed: 0.7, radius: 40, accuracy: 8 },
  serial: { speed: 0.9, radius: 70, accuracy: 8 },
  mounted: { speed: 1.2, radius: 120, accuracy: 6 },
  dogs: { speed: 0.9, radius: 80, accuracy: 8 },
  fio: { speed: 0.8, radius: 90, accuracy: 10 },
  btp: { speed: 0.7, radius: 50, accuracy: 10 },
  las: { speed: 0, radius: 0, accuracy: 5 },
  // Round its post, in its sector: a wider patrol took it out of its sector (a warning, issue 11) every few minutes.
  response: { speed: 3, radius: 100, accuracy: 5 },
  drone: { speed: 0, radius: 0, accuracy: 5 },
};

/**
 * Where every unit is, in flat typed arrays so that thousands of units cost one loop and one
 * Fix object each per round. Idle units patrol round their post; assigned units head for the
 * incident (the live state says which) and come back when returning.
 */
export class Fleet {
  readonly ids: readonly string[];
  private readonly kinds: readonly UnitKind[];
  private readonly lat: Float64Array;
  private readonly lng: Float64Array;
  private readonly homeLat: Float64Array;
  private readonly homeLng: Float64Array;
  private readonly wpLat: Float64Array;
  private readonly wpLng: Float64Array;
  /** Each unit's own spot at a scene, so that five units do not stack on one pixel (metres). */
  private readonly slotN: Float32Array;
  private readonly slotE: Float32Array;
  private readonly rng: Random;
  /** Scratch: the bearing (radians) of the last step taken, read by fix(). */
  private lastHeading = 0;

  constructor(
    units: readonly UnitSpec[],
    seed: number,
    private readonly mPerDegLng: number,
  ) {
    const n = units.length;
    this.ids = units.map((u) => u.unitId);
    this.kinds = units.map((u) => u.kind);
    this.rng = new Random(seed ^ 0x5eed);
    this.lat = new Float64Array(n);
    this.lng = new Float64Array(n);
    this.homeLat = new Float64Array(n);
    this.homeLng = new Float64Array(n);
    this.wpLat = new Float64Array(n);
    this.wpLng = new Float64Array(n);
    this.slotN = new Float32Array(n);
    this.slotE = new Float32Array(n);
    units.forEach((u, i) => {
      this.lat[i] = this.homeLat[i] = this.wpLat[i] = u.home.lat;
      this.lng[i] = this.homeLng[i] = this.wpLng[i] = u.home.lng;
      const angle = this.rng.between(0, 2 * Math.PI);
      const r = this.rng.between(5, 25);
      this.slotN[i] = r * Math.cos(angle);
      this.slotE[i] = r * Math.sin(angle);
    });
  }

  /** Moves every unit `dt` seconds on and appends one fix each, stamped `at`, to `out`. */
  advance(state: OperationState, dt: number, at: number, out: Fix[]): void {
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i] as string;
      const unit = state.units[id];
      if (!unit) continue;
      const kind = this.kinds[i] as UnitKind;
      const idle = IDLE[kind];
      let tLat = this.wpLat[i] as number;
      let tLng = this.wpLng[i] as number;
      let speed = idle.speed;
      const incident = unit.incidentId ? state.incidents[unit.incidentId] : undefined;
      if (unit.status === "returning" || unit.status === "refreshment" || unit.status === "off-duty") {
        tLat = this.homeLat[i] as number;
        tLng = this.homeLng[i] as number;
        speed = travelSpeed(kind);
      } else if (incident && incident.status !== "closed") {
        tLat = incident.location.lat + (this.slotN[i] as number) / M_PER_DEG_LAT;
        tLng = incident.location.lng + (this.slotE[i] as number) / this.mPerDegLng;
        speed = travelSpeed(kind);
      } else if (this.metres(i, this.homeLat[i] as number, this.homeLng[i] as number) > idle.radius * 2 + 50) {
        speed = travelSpeed(kind); // back to the patch after a job, then patrol again
      }
      const moved = this.step(i, tLat, tLng, speed * dt);
      if (moved < 1 && speed === idle.speed && idle.radius > 0) this.newWaypoint(i, idle.radius);
      out.push(this.fix(i, at, dt > 0 ? moved / dt : 0, idle.accuracy));
    }
  }

  /** The nearest unit of these kinds that is free now (available or returning), by where it is. */
  nearestFree(state: OperationState, kinds: readonly UnitKind[], near: LatLng): string | null {
    let best: string | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.ids.length; i++) {
      const unit = state.units[this.ids[i] as string];
      if (!unit || unit.incidentId || !kinds.includes(unit.kind)) continue;
      if (unit.status !== "available" && unit.status !== "returning") continue;
      const d = this.metres(i, near.lat, near.lng);
      if (d < bestDistance) {
        bestDistance = d;
        best = unit.id;
      }
    }
    return best;
  }

  private metres(i: number, lat: number, lng: number): number {
    return Math.hypot(((this.lat[i] as number) - lat) * M_PER_DEG_LAT, ((this.lng[i] as number) - lng) * this.mPerDegLng);
  }

  /** Moves unit i up to `max` metres towards a target; returns how far it went. */
  private step(i: number, tLat: number, tLng: number, max: number): number {
    const dn = (tLat - (this.lat[i] as number)) * M_PER_DEG_LAT;
    const de = (tLng - (this.lng[i] as number)) * this.mPerDegLng;
    const d = Math.hypot(dn, de);
    if (d === 0 || max <= 0) return 0;
    const f = Math.min(1, max / d);
    this.lat[i] = (this.lat[i] as number) + (dn * f) / M_PER_DEG_LAT;
    this.lng[i] = (this.lng[i] as number) + (de * f) / this.mPerDegLng;
    this.lastHeading = Math.atan2(de, dn);
    return d * f;
  }

  private newWaypoint(i: number, radius: number): void {
    const angle = this.rng.between(0, 2 * Math.PI);
    const r = radius * Math.sqrt(this.rng.next());
    this.wpLat[i] = (this.homeLat[i] as number) + (r * Math.cos(angle)) / M_PER_DEG_LAT;
    this.wpLng[i] = (this.homeLng[i] as number) + (r * Math.sin(angle)) / this.mPerDegLng;
  }

  private fix(i: number, at: number, speed: number, accuracy: number): Fix {
    const moving = speed > 0.2;
    const degrees = ((this.lastHeading * 180) / Math.PI + 360) % 360;
    return {
      unitId: this.ids[i] as string,
      lat: Math.round((this.lat[i] as number) * 1e6) / 1e6,
      lng: Math.round((this.lng[i] as number) * 1e6) / 1e6,
      at,
      heading: moving ? Math.round(degrees) : null,
      speed: Math.round(speed * 10) / 10,
      accuracy,
    };
  }
}

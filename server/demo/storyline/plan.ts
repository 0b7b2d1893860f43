import type { CommandInput, CommandName } from "../../../shared/commands";
import type { UnitKind } from "../../../shared/domain";
import type { Actor, LatLng } from "../../../shared/events";
import type { VenuePlan } from "../../../shared/venue";
import { DEMO_DATE, londonTime } from "../clock";
import { metresBetween, type Place } from "../geo";
import { Random } from "../random";
import type { StewardSpec, UnitSpec } from "../roster";

/** One command of the script, sent at scenario time `at` by `actor` (with `unitId` for officers). */
export type ScriptStep = { [N in CommandName]: { name: N; body: CommandInput<N> } }[CommandName] & {
  at: number;
  actor: Actor;
  /** The sender's unit (officers), a literal id or `@ref` of an assignment; null otherwise. */
  unitId: string | null;
  /**
   * A label for what this step creates (a report, an incident, an assignment's unit). Later
   * steps name it as `@label` in body fields; the simulator substitutes the real id.
   */
  ref?: string;
  /** For `incident:assign`: kinds that may stand in when the planned unit is busy at run time. */
  want?: readonly UnitKind[];
};

export const SILVER: Actor = { userId: "sim-silver", role: "commander", name: "Silver (simulated)" };
export const CONTROL: Actor = { userId: "sim-control", role: "controller", name: "Control (simulated)" };

/** The officer at a unit's radio, for commands a unit sends itself. */
export function unitActor(unit: { unitId: string; callSign: string }): Actor {
  return { userId: `sim-unit-${unit.unitId}`, role: "officer", name: `${unit.callSign} (simulated)` };
}

/** Metres a second: on foot through a crowd, on horseback, in a vehicle with blue lights. */
export function travelSpeed(kind: UnitKind): number {
  switch (kind) {
    case "mounted":
      return 2.5;
    case "dogs":
    case "response":
    case "las":
      return 6;
    case "drone":
      return 10;
    default:
      return 1.5;
  }
}

export interface PlanInput {
  venue: VenuePlan;
  places: ReadonlyMap<string, Place>;
  units: readonly UnitSpec[];
  stewards: readonly StewardSpec[];
  start: number;
  end: number;
  seed: number;
}

type Build = () => void;

/**
 * The scenario under construction: the steps so far, and which unit is planned to be busy when,
 * so that each story asks for a unit that is actually free. Stories are built by rank (the named
 * storyline, then everyday incidents, then refreshment breaks), each rank in order of start time;
 * a story that would start before the scenario does is left out whole.
 */
export class Plan {
  readonly steps: ScriptStep[] = [];
  /**
   * The random stream in use: the plan's own while stories are queued, each story's own while
   * it is built, so that leaving out early stories (a later start) changes none of the others.
   */
  rng: Random;
  private readonly busy = new Map<string, [number, number][]>();
  private readonly stories: { label: string; begin: number; build: Build; rank: number; order: number }[] = [];
  private readonly byPost = new Map<string, StewardSpec[]>();
  private readonly bySector = new Map<string, StewardSpec[]>();

  constructor(readonly input: PlanInput) {
    this.rng = Random.derive(input.seed, "plan");
    for (const s of input.stewards) {
      this.byPost.set(s.postId, [...(this.byPost.get(s.postId) ?? []), s]);
      this.bySector.set(s.sector, [...(this.bySector.get(s.sector) ?? []), s]);
    }
  }

  /** A London wall-clock time on match day. */
  t(time: string): number {
    return londonTime(DEMO_DATE, time);
  }

  place(id: string): Place {
    const p = this.input.places.get(id);
    if (!p) throw new Error(`the storyline names "${id}", which is not in the ${this.input.venue.name} plan`);
    return p;
  }

  /** Queues a story; lower ranks are built first (and so get first pick of the units). */
  story(label: string, begin: number, build: Build, rank = 0): void {
    this.stories.push({ label, begin, build, rank, order: this.stories.length });
  }

  /** Builds the stories by rank, then in time order, and returns every step sorted by time (stable). */
  build(): ScriptStep[] {
    const { start, end } = this.input;
    const stories = [...this.stories].sort((a, b) => a.rank - b.rank || a.begin - b.begin || a.order - b.order);
    for (const s of stories) {
      if (s.begin < start || s.begin >= end) continue;
      this.rng = Random.derive(this.input.seed, s.label);
      s.build();
    }
    return this.steps
      .map((step, i) => ({ step, i }))
      .sort((a, b) => a.step.at - b.step.at || a.i - b.i)
      .map((x) => x.step);
  }

  emit<N extends CommandName>(
    at: number,
    actor: Actor,
    name: N,
    body: CommandInput<N>,
    extra: Partial<Pick<ScriptStep, "ref" | "want" | "unitId">> = {},
  ): void {
    const step = { at: Math.round(at), actor, unitId: extra.unitId ?? null, name, body } as ScriptStep;
    if (extra.ref) step.ref = extra.ref;
    if (extra.want) step.want = extra.want;
    this.steps.push(step);
  }

  /** A steward who would report something at a place: posted there, or (a witness) nearby. */
  steward(place: Place, witness: boolean): StewardSpec {
    const atPost = this.byPost.get(place.id) ?? [];
    const inSector = (place.sector ? this.bySector.get(place.sector) : undefined) ?? [];
    const others = inSector.filter((s) => s.postId !== place.id);
    const pool = witness ? (others.length ? others : inSector) : atPost.length ? atPost : inSector;
    return this.rng.pick(pool.length ? pool : this.input.stewards);
  }

  /** The nearest unit of these kinds free for [from, from + hold], the preferred one first. */
  chooseUnit(kinds: readonly UnitKind[], near: LatLng, from: number, hold: number, prefer?: string): UnitSpec | null {
    const free = (u: UnitSpec) => kinds.includes(u.kind) && this.isFree(u.unitId, from, from + hold);
    const preferred = prefer ? this.input.units.find((u) => u.unitId === prefer) : undefined;
    if (preferred && free(preferred)) return preferred;
    let best: UnitSpec | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const u of this.input.units) {
      if (!free(u)) continue;
      const d = metresBetween(u.home, near);
      if (d < bestDistance) {
        best = u;
        bestDistance = d;
      }
    }
    return best;
  }

  isFree(unitId: string, from: number, to: number): boolean {
    return (this.busy.get(unitId) ?? []).every(([a, b]) => b <= from || a >= to);
  }

  /** Marks a unit busy from `from` until `reservedUntil` is called (open-ended meanwhile). */
  reserve(unitId: string, from: number, to = Number.POSITIVE_INFINITY): void {
    this.busy.set(unitId, [...(this.busy.get(unitId) ?? []), [from, to]]);
  }

  reservedUntil(unitId: string, from: number, to: number): void {
    const spans = this.busy.get(unitId) ?? [];
    const span = spans.find(([a]) => a === from);
    if (span) span[1] = to;
  }
}

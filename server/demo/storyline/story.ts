import type { CommandInput } from "../../../shared/commands";
import type { JdmFields } from "../../../shared/decisionLog";
import type {
  AlertAudience,
  AlertPriority,
  CloseResult,
  Grade,
  IncidentSource,
  IncidentType,
  UnitKind,
  UnitStatus,
} from "../../../shared/domain";
import type { LatLng } from "../../../shared/events";
import { metresBetween, offsetMetres } from "../geo";
import type { UnitSpec } from "../roster";
import { CONTROL, type Plan, SILVER, travelSpeed, unitActor } from "./plan";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface ReportHandle {
  ref: string;
  at: number;
}

export interface AssignedUnit {
  ref: string;
  unit: UnitSpec;
  from: number;
  arriveAt: number;
  released: boolean;
}

export interface IncidentHandle {
  ref: string;
  at: number;
  location: LatLng;
  sector: string | null;
  units: AssignedUnit[];
  /** The latest step that needs the incident still open (a merge, an arrival). */
  busyUntil: number;
}

/**
 * One thread of the storyline (a fight, a lost child): the steward reports, control's
 * reaction and the units sent, with realistic delays. Every id a later step needs is a ref
 * (`@label#i1`) that the simulator fills in from the acks.
 */
export class Story {
  private n = 0;

  constructor(
    private readonly plan: Plan,
    readonly label: string,
  ) {}

  private next(kind: "r" | "i" | "u"): string {
    this.n += 1;
    return `${this.label}#${kind}${this.n}`;
  }

  /** A steward's report from a place: their own post, or (a witness) a location nearby. */
  report(at: number, type: IncidentType, placeId: string, text: string, opts: { witness?: boolean; late?: number } = {}): ReportHandle {
    const { rng } = this.plan;
    const place = this.plan.place(placeId);
    const witness = opts.witness ?? false;
    const steward = this.plan.steward(place, witness);
    const isPost = this.plan.input.venue.posts.some((p) => p.id === place.id);
    const reporterTime = Math.round(at - (opts.late ?? rng.int(2, 20) * SECOND));
    const where =
      isPost && !witness ? { postId: place.id } : { location: offsetMetres(place.location, rng.jitter(0, 12), rng.jitter(0, 12)) };
    const ref = this.next("r");
    this.plan.emit(at, steward.actor, "report:submit", { type, text, reporterTime, ...where }, { ref });
    return { ref, at };
  }

  promote(
    at: number,
    report: ReportHandle,
    grade: Grade,
    opts: { type?: IncidentType; description?: string; placeId: string },
  ): IncidentHandle {
    const when = Math.max(at, report.at + 15 * SECOND);
    const ref = this.next("i");
    const { type, description } = opts;
    this.plan.emit(
      when,
      CONTROL,
      "report:promote",
      { reportId: `@${report.ref}`, grade, ...(type ? { type } : {}), ...(description ? { description } : {}) },
      { ref },
    );
    const place = this.plan.place(opts.placeId);
    return { ref, at: when, location: place.location, sector: place.sector, units: [], busyUntil: when };
  }

  merge(at: number, report: ReportHandle, inc: IncidentHandle): void {
    const when = Math.max(at, report.at + 15 * SECOND, inc.at + 5 * SECOND);
    inc.busyUntil = Math.max(inc.busyUntil, when);
    this.plan.emit(when, CONTROL, "report:merge", { reportId: `@${report.ref}`, incidentId: `@${inc.ref}` });
  }

  dismiss(at: number, report: ReportHandle, reason: string): void {
    this.plan.emit(Math.max(at, report.at + 15 * SECOND), CONTROL, "report:dismiss", { reportId: `@${report.ref}`, reason });
  }

  /**
   * A police-originated incident, logged by control (or by a unit on the ground), from `source`:
   * a 999 call passed on, the venue's CCTV room, radio (the default).
   */
  police(
    at: number,
    type: IncidentType,
    grade: Grade | null,
    placeId: string,
    description: string,
    by?: UnitSpec,
    source: IncidentSource = "radio",
  ): IncidentHandle {
    const place = this.plan.place(placeId);
    const location = offsetMetres(place.location, this.plan.rng.jitter(0, 8), this.plan.rng.jitter(0, 8));
    const ref = this.next("i");
    const body = { type, grade, location, locationText: place.name, description, source };
    this.plan.emit(at, by ? unitActor(by) : CONTROL, "incident:report", body, { ref, unitId: by?.unitId ?? null });
    return { ref, at, location, sector: place.sector, units: [], busyUntil: at };
  }

  /** Control corrects the record (a caller rings back, CCTV sees more): a new event, with why. */
  correct(at: number, inc: IncidentHandle, fix: { type?: IncidentType; grade?: Grade; description?: string }, reason: string): void {
    const when = Math.max(at, inc.at + 10 * SECOND);
    inc.busyUntil = Math.max(inc.busyUntil, when);
    this.plan.emit(when, CONTROL, "incident:correct", { incidentId: `@${inc.ref}`, ...fix, reason });
  }

  grade(at: number, inc: IncidentHandle, grade: Grade): void {
    this.plan.emit(Math.max(at, inc.at + SECOND), CONTROL, "incident:grade", { incidentId: `@${inc.ref}`, grade });
  }

  /** Sends the nearest free unit of these kinds and has it book on scene when it gets there. */
  assign(at: number, inc: IncidentHandle, kinds: readonly UnitKind[], opts: { prefer?: string; hold?: number } = {}): AssignedUnit | null {
    const { plan } = this;
    const from = Math.max(at, inc.at + 5 * SECOND);
    const unit = plan.chooseUnit(kinds, inc.location, from, opts.hold ?? 40 * MINUTE, opts.prefer);
    if (!unit) return null;
    const ref = this.next("u");
    plan.emit(from, CONTROL, "incident:assign", { incidentId: `@${inc.ref}`, unitId: unit.unitId }, { ref, want: kinds });
    plan.reserve(unit.unitId, from);
    const travel = (metresBetween(unit.home, inc.location) / travelSpeed(unit.kind)) * SECOND;
    const arriveAt = from + plan.rng.int(20, 75) * SECOND + travel;
    plan.emit(arriveAt, CONTROL, "unit:status", { unitId: `@${ref}`, status: "on-scene" });
    const assigned = { ref, unit, from, arriveAt, released: false };
    inc.units.push(assigned);
    inc.busyUntil = Math.max(inc.busyUntil, arriveAt);
    return assigned;
  }

  note(at: number, inc: IncidentHandle, text: string, opts: { intel?: boolean; by?: AssignedUnit | null } = {}): void {
    const by = opts.by;
    const when = Math.max(at, inc.at + SECOND, by ? by.from + SECOND : 0);
    inc.busyUntil = Math.max(inc.busyUntil, when);
    const body = { incidentId: `@${inc.ref}`, text, intel: opts.intel ?? false };
    this.plan.emit(when, by ? unitActor(by.unit) : CONTROL, "incident:note", body, { unitId: by ? `@${by.ref}` : null });
  }

  /** Stands one unit down early: released, returning, then available back at its post. */
  release(at: number, inc: IncidentHandle, u: AssignedUnit | null): void {
    if (!u || u.released) return;
    const when = Math.max(at, u.arriveAt + MINUTE);
    u.released = true;
    this.plan.emit(when, CONTROL, "incident:release", { incidentId: `@${inc.ref}`, unitId: `@${u.ref}` });
    this.plan.emit(when + 20 * SECOND, CONTROL, "unit:status", { unitId: `@${u.ref}`, status: "returning" });
    const back = when + 20 * SECOND + this.returnTime(u, inc);
    this.plan.emit(back, CONTROL, "unit:status", { unitId: `@${u.ref}`, status: "available" });
    this.plan.reservedUntil(u.unit.unitId, u.from, back + MINUTE);
  }

  /** Resolves, sends the remaining units back, and closes; returns the closing time. */
  finish(inc: IncidentHandle, resolveAt: number, outcome: string, closeAfter?: number, result: CloseResult = resultOf(outcome)): number {
    const { rng } = this.plan;
    const resolved = Math.max(resolveAt, inc.busyUntil + 2 * MINUTE);
    this.plan.emit(resolved, CONTROL, "incident:resolve", { incidentId: `@${inc.ref}`, outcome });
    const closed = resolved + (closeAfter ?? rng.int(4, 12) * MINUTE);
    for (const u of inc.units) {
      if (u.released) continue;
      this.plan.emit(resolved + rng.int(20, 90) * SECOND, CONTROL, "unit:status", { unitId: `@${u.ref}`, status: "returning" });
      this.plan.reservedUntil(u.unit.unitId, u.from, Math.max(closed, resolved + this.returnTime(u, inc)) + MINUTE);
    }
    this.plan.emit(closed, CONTROL, "incident:close", { incidentId: `@${inc.ref}`, result });
    return closed;
  }

  alert(at: number, audience: AlertAudience, sector: string | null, priority: AlertPriority, text: string): void {
    this.plan.emit(at, CONTROL, "alert:send", { audience, sector, priority, text });
  }

  /** Silver's decision, with the Joint Decision Model's steps where the story records them. */
  decision(at: number, decision: string, rationale: string, jdm: JdmFields = {}): void {
    this.plan.emit(at, SILVER, "decision:log", { decision, rationale, ...jdm });
  }

  /** Silver's METHANE/ETHANE report on the incident (issue 11 item 6): each call is the next revision, every field. */
  methane(at: number, inc: IncidentHandle, report: Omit<CommandInput<"incident:methane">, "incidentId">): void {
    const when = Math.max(at, inc.at + 10 * SECOND);
    inc.busyUntil = Math.max(inc.busyUntil, when);
    this.plan.emit(when, SILVER, "incident:methane", { incidentId: `@${inc.ref}`, ...report });
  }

  status(at: number, unitId: string, status: UnitStatus): void {
    this.plan.emit(at, CONTROL, "unit:status", { unitId, status });
  }

  private returnTime(u: AssignedUnit, inc: IncidentHandle): number {
    return (metresBetween(u.unit.home, inc.location) / travelSpeed(u.unit.kind)) * SECOND;
  }
}

export { MINUTE, SECOND };

/** Queues a story that starts at `begin`; it is built (or left out) with the others in time order. */
/** The result code control would pick for an outcome as the storyline words it. */
export function resultOf(outcome: string): CloseResult {
  const rules: [RegExp, CloseResult][] = [
    [/arrest/i, "arrest"],
    [/eject/i, "ejection"],
    [/hospital|treated|LAS|casualt/i, "treated"],
    [/not found|left before|no trace/i, "no-trace"],
    [/referred|passed to|investigation/i, "referred"],
    [/lost property|false alarm/i, "false-alarm"],
    [/advice|words with|spoken to/i, "advice-given"],
  ];
  return rules.find(([re]) => re.test(outcome))?.[1] ?? "no-further-action";
}

export function tell(plan: Plan, label: string, begin: number, build: (s: Story) => void, rank = 0): void {
  plan.story(label, begin, () => build(new Story(plan, label)), rank);
}

/** A London time on match day, a seeded few seconds later so each seed plays a little differently. */
export function around(plan: Plan, time: string, spreadSeconds = 40): number {
  return plan.t(time) + plan.rng.int(0, spreadSeconds) * SECOND;
}

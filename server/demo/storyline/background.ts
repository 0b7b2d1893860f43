import type { UnitKind } from "../../../shared/domain";
import type { Plan } from "./plan";
import { type AssignedUnit, type IncidentHandle, MINUTE, SECOND, type Story, tell } from "./story";
import { type Phase, placesFor, TEMPLATES, type Template } from "./templates";

/**
 * How busy the day is, minute by minute (London times): quiet in the build-up, peaks for ingress,
 * kick-off, half-time and egress. Relative weights; the background stories follow them.
 */
const DENSITY: readonly [from: string, weight: number][] = [
  ["15:00", 0.15],
  ["17:45", 0.5],
  ["18:30", 1],
  ["19:45", 0.8],
  ["20:00", 0.35],
  ["20:30", 1],
  ["20:45", 0.35],
  ["21:35", 1],
  ["22:30", 0.3],
  ["23:00", 0],
];

/** Background stories per unit of density-weighted minute, with 60 stewards watching. */
const RATE = 0.26;

export function phaseAt(plan: Plan, at: number): Phase {
  if (at < plan.t("17:45")) return "build-up";
  if (at < plan.t("19:45")) return "ingress";
  if (at < plan.t("21:35")) return "match";
  return "egress";
}

/** Story start times, drawn from the density over [from, to). */
function sampleTimes(plan: Plan, from: number, to: number, scale: number): number[] {
  const spans = DENSITY.slice(0, -1).map(([t, w], i) => {
    const a = Math.max(from, plan.t(t));
    const b = Math.min(to, plan.t(DENSITY[i + 1]?.[0] ?? t));
    return { a, b, mass: Math.max(0, b - a) * w };
  });
  const total = spans.reduce((sum, s) => sum + s.mass, 0);
  const count = Math.round((total / MINUTE) * RATE * scale);
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    let r = plan.rng.next() * total;
    for (const s of spans) {
      if (r < s.mass && s.mass > 0) {
        times.push(Math.round(s.a + (r / s.mass) * (s.b - s.a)));
        break;
      }
      r -= s.mass;
    }
  }
  return times.sort((x, y) => x - y);
}

/** The everyday incidents around the big ones: drunks, touts, thefts, faints, false alarms. */
export function backgroundStories(plan: Plan, scale: number): void {
  // Drawn over the whole day whatever the start, so that a later start only leaves stories out.
  sampleTimes(plan, plan.t("15:00"), plan.t("22:30"), scale).forEach((begin, k) => {
    const phase = phaseAt(plan, begin);
    const candidates = TEMPLATES.filter((t) => t.phases.includes(phase));
    const template = plan.rng.weighted(candidates.map((t) => [t, t.weight] as const));
    // Ranked after the named storyline, which picks its units first.
    tell(plan, `bg-${k + 1}`, begin, (s) => backgroundStory(plan, s, template, placeFor(plan, template, phase), begin), 1);
  });
}

function placeFor(plan: Plan, template: Template, phase: Phase): string {
  return plan.rng.pick(placesFor(plan, template, phase));
}

function backgroundStory(plan: Plan, s: Story, template: Template, place: string, begin: number): void {
  const say = () => plan.rng.pick(template.texts).replace("{place}", plan.place(place).name);
  const roll = plan.rng.next();
  if (roll < 0.18) {
    const r = s.report(begin, template.type, place, say());
    s.dismiss(r.at + plan.rng.int(60, 300) * SECOND, r, plan.rng.pick(DISMISSALS));
    return;
  }
  let inc: IncidentHandle;
  let first: AssignedUnit | null = null;
  if (roll < 0.36 && template.kinds) {
    // Seen first by police: a unit on the ground calls it in and deals with it.
    const by = plan.chooseUnit(template.kinds, plan.place(place).location, begin, 30 * MINUTE);
    inc = s.police(begin, template.type, template.grade, place, say(), by ?? undefined);
    if (by) first = s.assign(begin + plan.rng.int(10, 40) * SECOND, inc, template.kinds, { prefer: by.unitId, hold: 30 * MINUTE });
  } else {
    const r = s.report(begin, template.type, place, say(), plan.rng.chance(0.15) ? { late: plan.rng.int(60, 360) * SECOND } : {});
    inc = s.promote(r.at + plan.rng.int(30, template.grade === "I" ? 90 : 240) * SECOND, r, template.grade, { placeId: place });
  }
  // Other stewards nearby report the same thing; control merges their reports.
  for (let w = 0; w < 3 && plan.rng.chance(0.5); w++) {
    const again = s.report(inc.at + plan.rng.int(30, 240) * SECOND, template.type, place, say(), { witness: true });
    s.merge(again.at + plan.rng.int(20, 120) * SECOND, again, inc);
  }
  respond(plan, s, template, inc, first);
}

/** Units sent, a note from the scene, then resolved and closed. */
function respond(plan: Plan, s: Story, template: Template, inc: IncidentHandle, sent: AssignedUnit | null): void {
  const first =
    sent ?? (template.kinds ? s.assign(inc.at + plan.rng.int(15, 90) * SECOND, inc, template.kinds, { hold: 30 * MINUTE }) : null);
  if (template.kinds && plan.rng.chance(template.backup)) {
    s.assign(inc.at + plan.rng.int(60, 180) * SECOND, inc, backupKinds(template.kinds), { hold: 25 * MINUTE });
  }
  if (plan.rng.chance(0.4)) s.note(inc.at + plan.rng.int(4, 12) * MINUTE, inc, plan.rng.pick(template.notes), { by: first });
  s.finish(inc, inc.at + plan.rng.int(10, 35) * MINUTE, plan.rng.pick(template.outcomes));
}

function backupKinds(kinds: readonly UnitKind[]): readonly UnitKind[] {
  return kinds.includes("las") ? ["serial", "response"] : kinds;
}

const DISMISSALS = [
  "Checked on CCTV: nothing seen.",
  "Resolved by stewards before police were needed.",
  "Person has left the area; steward confirms no further issue.",
  "False alarm: smoke from a food stall.",
  "Duplicate of an incident already open.",
  "Venue matter: passed to the Safety Officer.",
] as const;

/** Units that take refreshment breaks, staggered through the quieter parts of the match. */
export function refreshmentStories(plan: Plan): void {
  const windows = [plan.t("17:50"), plan.t("19:55"), plan.t("20:50"), plan.t("22:30")];
  const kinds: readonly UnitKind[] = ["serial", "mounted", "dogs", "btp", "response", "fio"];
  plan.input.units.forEach((unit, i) => {
    if (!kinds.includes(unit.kind) || !plan.rng.chance(0.55)) return;
    const window =
      windows[
        plan.rng.weighted([
          [0, 1],
          [1, 4],
          [2, 3],
          [3, 1],
        ] as const)
      ] ??
      windows[1] ??
      0;
    const begin = window + plan.rng.int(0, 25) * MINUTE + (i % 7) * 20 * SECOND;
    const end = begin + plan.rng.int(30, 45) * MINUTE;
    tell(
      plan,
      `break-${unit.unitId}`,
      begin,
      (s) => {
        if (!plan.isFree(unit.unitId, begin - MINUTE, end + MINUTE)) return;
        plan.reserve(unit.unitId, begin, end + MINUTE);
        s.status(begin, unit.unitId, "refreshment");
        s.status(end, unit.unitId, "available");
      },
      2,
    ); // breaks fit round the jobs, not the other way round
  });
}

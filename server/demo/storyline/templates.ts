import type { Grade, IncidentType, UnitKind } from "../../../shared/domain";
import type { Plan } from "./plan";

export type Phase = "build-up" | "ingress" | "match" | "egress";

/** Where on the plan a kind of incident happens, by the kind of post. */
type Area = "outside" | "turnstiles" | "inside";

const AREA_OF_POST: Record<string, Area> = {
  gate: "outside",
  route: "outside",
  turnstile: "turnstiles",
  block: "inside",
  stairway: "inside",
};

/** Inside the bowl during the match, outside before and after it. */
const PHASE_AREAS: Record<Phase, readonly Area[]> = {
  "build-up": ["outside"],
  ingress: ["outside", "turnstiles"],
  match: ["inside", "turnstiles"],
  egress: ["outside"],
};

/** One kind of everyday incident, with what stewards say, what units find and how it ends. */
export interface Template {
  type: IncidentType;
  grade: Grade;
  /** Kinds of unit that attend; null when the venue deals with it. */
  kinds: readonly UnitKind[] | null;
  /** Chance that a second unit is sent. */
  backup: number;
  weight: number;
  phases: readonly Phase[];
  areas: readonly Area[];
  texts: readonly string[];
  notes: readonly string[];
  outcomes: readonly string[];
}

const ALL: readonly Phase[] = ["build-up", "ingress", "match", "egress"];
const EVERYWHERE: readonly Area[] = ["outside", "turnstiles", "inside"];

export const TEMPLATES: readonly Template[] = [
  {
    type: "drunk-drugs",
    grade: "S",
    kinds: ["serial"],
    backup: 0.1,
    weight: 3,
    phases: ALL,
    areas: EVERYWHERE,
    texts: [
      "Man very drunk at {place}, can hardly stand, his friends have left him.",
      "Fan being sick and abusive at {place}, refusing to move.",
      "Group drinking from cans at {place}, one has collapsed.",
    ],
    notes: ["Spoken to; friends found to take him home.", "Refused entry by the venue."],
    outcomes: [
      "Dealt with by advice; left with friends.",
      "1 arrested for being drunk and disorderly.",
      "Refused entry; walked to the station.",
    ],
  },
  {
    type: "ticket-touting",
    grade: "S",
    kinds: ["serial"],
    backup: 0,
    weight: 2,
    phases: ["build-up", "ingress"],
    areas: ["outside"],
    texts: ["Tout selling tickets at {place}, asking £300 a pair.", "Man offering spare tickets at {place}, has a bundle of them."],
    notes: ["Tickets checked with the FA: cancelled season-ticket seats."],
    outcomes: ["1 arrested for ticket touting; 6 tickets seized.", "Tout left before police arrived; description circulated."],
  },
  {
    type: "theft",
    grade: "S",
    kinds: ["serial"],
    backup: 0,
    weight: 1.5,
    phases: ALL,
    areas: ["outside", "inside"],
    texts: ["Fan says her phone was taken from her bag at {place}.", "Pickpocket seen working the queue at {place}."],
    notes: ["Victim's details taken; CCTV requested."],
    outcomes: ["Crime reported and passed to the investigation team.", "Suspect detained by stewards and arrested for theft."],
  },
  {
    type: "medical",
    grade: "I",
    kinds: ["las"],
    backup: 0.15,
    weight: 2.5,
    phases: ALL,
    areas: EVERYWHERE,
    texts: [
      "Woman fainted in the queue at {place}.",
      "Fan fell on the stairs at {place}, possible broken ankle.",
      "Elderly man short of breath at {place}.",
    ],
    notes: ["Patient conscious and talking; observations normal."],
    outcomes: ["Treated at the scene by LAS; no hospital needed.", "Conveyed to hospital by LAS."],
  },
  {
    type: "ejection",
    grade: "S",
    kinds: ["serial"],
    backup: 0.1,
    weight: 2,
    phases: ["match"],
    areas: ["inside", "turnstiles"],
    texts: [
      "Steward ejecting a fan from {place} for abusive behaviour, asks for police support.",
      "Fan standing on the seats and throwing drinks at {place}, refusing to leave.",
    ],
    notes: ["Ejected with stewards; details taken."],
    outcomes: ["Ejected from the stadium; no arrest.", "Ejected and arrested for a public order offence."],
  },
  {
    type: "turnstile-failure",
    grade: "E",
    kinds: null,
    backup: 0,
    weight: 1.5,
    phases: ["ingress"],
    areas: ["turnstiles"],
    texts: ["Turnstiles at {place} not reading tickets, queue building fast.", "Two turnstiles down at {place}."],
    notes: ["Venue engineers on their way."],
    outcomes: ["Readers reset by venue engineers; queue cleared."],
  },
  {
    type: "vulnerable-person",
    grade: "S",
    kinds: ["serial", "response"],
    backup: 0,
    weight: 1,
    phases: ALL,
    areas: EVERYWHERE,
    texts: [
      "Elderly man confused at {place}, can't find his group and has no phone.",
      "Young woman alone and distressed at {place}, separated from her friends.",
    ],
    notes: ["Taken to the welfare point by the steps."],
    outcomes: ["Reunited with friends.", "Looked after at the welfare point and collected by family."],
  },
  {
    type: "missile",
    grade: "S",
    kinds: ["serial"],
    backup: 0,
    weight: 1.5,
    phases: ["match"],
    areas: ["inside"],
    texts: ["Coin thrown towards the away fans from {place}.", "Plastic bottle thrown onto the pitch from {place}."],
    notes: ["CCTV reviewing the block."],
    outcomes: ["Thrower identified on CCTV and ejected.", "Thrower not identified; area monitored."],
  },
  {
    type: "assault-on-staff",
    grade: "I",
    kinds: ["serial"],
    backup: 0.3,
    weight: 1,
    phases: ["ingress", "match", "egress"],
    areas: ["turnstiles", "outside"],
    texts: ["Steward pushed over at {place} by a fan refused entry.", "Steward spat at by a fan at {place}."],
    notes: ["Steward shaken but not injured; statement taken."],
    outcomes: ["1 arrested for common assault.", "Suspect not found; steward uninjured."],
  },
  {
    type: "disorder",
    grade: "I",
    kinds: ["serial"],
    backup: 0.5,
    weight: 2.5,
    phases: ALL,
    areas: EVERYWHERE,
    texts: ["Scuffle between two groups at {place}, six or seven involved.", "Argument turning into a fight at {place}."],
    notes: ["Groups separated; names taken."],
    outcomes: ["Separated and advised; no arrests.", "2 arrested for public order offences."],
  },
  {
    type: "crowd-surge",
    grade: "S",
    kinds: ["serial", "mounted"],
    backup: 0.2,
    weight: 1.5,
    phases: ["ingress", "egress"],
    areas: ["outside"],
    texts: ["Crowd building up at {place}, people pushing.", "Bottleneck at {place}, fans getting anxious."],
    notes: ["Filtering the crowd with stewards."],
    outcomes: ["Crowd eased; flow back to normal."],
  },
  {
    type: "gate-breach",
    grade: "I",
    kinds: ["serial"],
    backup: 0.3,
    weight: 0.8,
    phases: ["ingress", "match"],
    areas: ["turnstiles"],
    texts: ["Fire door opened from inside near {place}, people trying to get in.", "Exit gate at {place} forced, a few got through."],
    notes: ["Door secured by stewards."],
    outcomes: ["Door secured; those who got in found and ejected."],
  },
  {
    type: "pitch-incursion",
    grade: "I",
    kinds: ["serial"],
    backup: 0,
    weight: 0.3,
    phases: ["match"],
    areas: ["inside"],
    texts: ["Fan ran onto the pitch from {place}."],
    notes: ["Detained by stewards at the touchline."],
    outcomes: ["Arrested under the Football (Offences) Act 1991."],
  },
  {
    type: "other",
    grade: "E",
    kinds: ["serial", "response"],
    backup: 0,
    weight: 1,
    phases: ALL,
    areas: ["outside"],
    texts: ["Fan climbed a lamppost at {place}.", "Car parked across the pedestrian route at {place}."],
    notes: ["Dealt with by words of advice."],
    outcomes: ["Dealt with by advice.", "Vehicle moved on."],
  },
];

/** The posts where this kind of incident can happen in this phase. */
export function placesFor(plan: Plan, template: Template, phase: Phase): string[] {
  const areas = template.areas.filter((a) => PHASE_AREAS[phase].includes(a));
  const wanted = areas.length ? areas : template.areas;
  const posts = plan.input.venue.posts.filter((p) => wanted.includes(AREA_OF_POST[p.kind] ?? "outside"));
  return (posts.length ? posts : plan.input.venue.posts).map((p) => p.id);
}

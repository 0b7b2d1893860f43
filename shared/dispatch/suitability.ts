import type { IncidentType, UnitKind } from "../domain";

/**
 * Which kinds of unit suit which incident, as data (DOMAIN.md). Each type lists tiers of unit
 * kinds in order of preference: a unit in the first tier is preferred to a nearer one in the
 * second. A kind in no tier is unsuitable and is never the recommended pick.
 *
 * BTP appear only where the British Transport Police would go: at the stations. A tier's
 * `btp` counts only when the incident is within STATION_RADIUS_M of a station in the plan;
 * elsewhere BTP are unsuitable (see `suitabilityTier`).
 */
export interface Suitability {
  /** Tiers of unit kinds, most preferred first. */
  tiers: readonly (readonly UnitKind[])[];
  /** How the reason names the incident: "LAS for a medical". */
  phrase: string;
}

const PUBLIC_ORDER: readonly UnitKind[] = ["psu", "serial", "btp"];

export const SUITABILITY: Readonly<Record<IncidentType, Suitability>> = {
  disorder: { tiers: [PUBLIC_ORDER, ["dogs", "mounted"], ["response"]], phrase: "a fight" },
  // A missile wants officers to find the thrower (spotters know the faces), never an ambulance or the drone.
  missile: { tiers: [PUBLIC_ORDER, ["dogs", "mounted"], ["fio", "response"]], phrase: "a missile" },
  pyrotechnics: { tiers: [PUBLIC_ORDER, ["fio"], ["response"]], phrase: "pyrotechnics" },
  "pitch-incursion": { tiers: [["psu", "serial"], ["response"]], phrase: "a pitch incursion" },
  // Spotters know who is chanting; serials make the arrest.
  "discriminatory-chanting": { tiers: [["fio"], ["psu", "serial"], ["response"]], phrase: "discriminatory chanting" },
  "ticketless-entry": { tiers: [["psu", "serial"], ["mounted"], ["response"]], phrase: "ticketless entry" },
  "gate-breach": { tiers: [["psu", "serial"], ["mounted", "dogs"], ["response"]], phrase: "a gate breach" },
  // Overwatch helps a crowd surge; mounted officers see over and move a crowd.
  "crowd-surge": { tiers: [PUBLIC_ORDER, ["mounted"], ["drone"], ["response"]], phrase: "a crowd surge" },
  "assault-on-staff": { tiers: [PUBLIC_ORDER, ["response", "dogs"], ["las"]], phrase: "an assault on staff" },
  "drunk-drugs": { tiers: [["serial", "psu", "btp"], ["response"], ["las"]], phrase: "a drunk or drugged person" },
  theft: { tiers: [["serial", "psu", "btp"], ["response"]], phrase: "a theft" },
  "ticket-touting": { tiers: [["fio"], ["serial", "psu", "btp"], ["response"]], phrase: "ticket touting" },
  // Search dogs, then overwatch of the cordon.
  "suspicious-item": { tiers: [PUBLIC_ORDER, ["dogs"], ["drone"], ["response"]], phrase: "a suspicious item" },
  "lost-child": { tiers: [["serial", "psu", "btp"], ["response"], ["drone"]], phrase: "a lost child" },
  "vulnerable-person": { tiers: [["serial", "psu", "btp"], ["las"], ["response"]], phrase: "a vulnerable person" },
  // Any officer can give first aid while the ambulance comes.
  medical: { tiers: [["las"], ["response", "serial", "psu", "btp"]], phrase: "a medical" },
  ejection: { tiers: [["serial", "psu"], ["response"]], phrase: "an ejection" },
  arrest: { tiers: [["serial", "psu", "btp"], ["response"], ["dogs"]], phrase: "an arrest" },
  "turnstile-failure": { tiers: [["serial", "psu"], ["mounted"], ["response"]], phrase: "a turnstile failure" },
  other: { tiers: [["serial", "psu", "btp"], ["response"]], phrase: "this incident" },
};

/** BTP count as suitable within this distance of a station (its queue pens and approaches). */
export const STATION_RADIUS_M = 250;

/**
 * The preference tier of a unit kind for an incident type (0 = first choice), or null when the
 * kind does not suit it. `atStation`: the incident is within STATION_RADIUS_M of a station.
 */
export function suitabilityTier(type: IncidentType, kind: UnitKind, atStation: boolean): number | null {
  if (kind === "btp" && !atStation) return null;
  const tier = SUITABILITY[type].tiers.findIndex((kinds) => kinds.includes(kind));
  return tier < 0 ? null : tier;
}

/**
 * How each kind moves, as data. Speeds are through a match-day crowd, not open ground:
 * officers on foot about 1.3 m/s; mounted officers faster; an ambulance crew on foot with kit;
 * the drone flies straight, ignoring the routes.
 */
export interface Travel {
  metresPerSecond: number;
  /** The reason's words: "3 min on foot". */
  words: string;
  flies: boolean;
}

const ON_FOOT: Travel = { metresPerSecond: 1.3, words: "on foot", flies: false };

export const TRAVEL: Readonly<Record<UnitKind, Travel>> = {
  psu: ON_FOOT,
  serial: ON_FOOT,
  mounted: { metresPerSecond: 2.2, words: "mounted", flies: false },
  dogs: { metresPerSecond: 1.5, words: "on foot", flies: false },
  fio: ON_FOOT,
  btp: ON_FOOT,
  las: { metresPerSecond: 1.2, words: "on foot", flies: false },
  response: ON_FOOT,
  drone: { metresPerSecond: 10, words: "flying", flies: true },
};

/** Short names for the reason's sentence ("nearest available PSU"). */
export const KIND_WORDS: Readonly<Record<UnitKind, string>> = {
  psu: "PSU",
  serial: "serial",
  mounted: "mounted unit",
  dogs: "dog unit",
  fio: "FIO spotter",
  btp: "BTP",
  las: "LAS",
  response: "response unit",
  drone: "drone",
};

import { GRADES } from "../../shared/domain";
import { responseMinutes } from "../../shared/responseTimes";
import type { Incident, OperationState } from "../../shared/state";
import { minutesTo } from "./incidentLog";

/**
 * The debrief report's figures, as tables (the replay view draws them as charts; a printed
 * report carries the numbers). All from the incidents' own step times and timelines.
 */

export const BUCKET_MS = 5 * 60_000;
const UNGRADED = "ungraded";
export const GRADE_COLUMNS = [...GRADES, UNGRADED] as const;

/** Response-time bands, in minutes from report: [from, to). */
export const BANDS = [
  [0, 5],
  [5, 15],
  [15, 30],
  [30, 60],
  [60, Number.POSITIVE_INFINITY],
] as const;

export const bandLabel = ([from, to]: readonly [number, number]) => (Number.isFinite(to) ? `${from}–${to} min` : `${from} min +`);

/** Incidents reported in each 5 minutes that had any, by grade. */
export function incidentsPer5Min(incidents: readonly Incident[]): { t: number; counts: Record<string, number>; total: number }[] {
  const rows = new Map<number, Record<string, number>>();
  for (const i of incidents) {
    const t = Math.floor(i.reportedAt / BUCKET_MS) * BUCKET_MS;
    const counts = rows.get(t) ?? {};
    const g = i.grade ?? UNGRADED;
    counts[g] = (counts[g] ?? 0) + 1;
    rows.set(t, counts);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, counts]) => ({ t, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }));
}

export interface GradeResponse {
  grade: string;
  incidents: number;
  /** First report to the incident existing (control's triage). */
  triage: Summary;
  assigned: Summary;
  onScene: Summary;
  /** How many reached the step within each band (BANDS), first report → assigned and first report → on scene. */
  assignedBands: number[];
  onSceneBands: number[];
}

interface Summary {
  n: number;
  median: number | null;
  p90: number | null;
}

/** Response times per grade: median, 90th percentile, and the distribution over BANDS. */
export function responseByGrade(state: OperationState, incidents: readonly Incident[]): GradeResponse[] {
  return GRADES.map((grade) => {
    const of = incidents.filter((i) => i.grade === grade);
    const assigned = minutes(state, of, "resourced");
    const onScene = minutes(state, of, "on-scene");
    const triage = of
      .map((i) => responseMinutes(state, i).triage)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    return {
      grade,
      incidents: of.length,
      triage: summary(triage),
      assigned: summary(assigned),
      onScene: summary(onScene),
      assignedBands: bands(assigned),
      onSceneBands: bands(onScene),
    };
  });
}

/** Units committed to incidents at the start of each 5 minutes, from the timelines. */
export function unitsCommitted(incidents: readonly Incident[]): { t: number; committed: number }[] {
  const changes: { at: number; delta: number }[] = [];
  for (const i of incidents) {
    let held = 0;
    for (const step of i.timeline) {
      const delta = step.kind === "UnitAssigned" ? 1 : step.kind === "UnitReleased" ? -1 : step.kind === "IncidentClosed" ? -held : 0;
      if (delta === 0) continue;
      held += delta;
      changes.push({ at: step.at, delta });
    }
  }
  if (changes.length === 0) return [];
  changes.sort((a, b) => a.at - b.at);
  const first = Math.floor((changes[0]?.at ?? 0) / BUCKET_MS) * BUCKET_MS;
  const last = changes[changes.length - 1]?.at ?? first;
  const out: { t: number; committed: number }[] = [];
  let k = 0;
  let committed = 0;
  for (let t = first; t <= last + BUCKET_MS; t += BUCKET_MS) {
    while (k < changes.length && (changes[k]?.at ?? 0) <= t) committed += changes[k++]?.delta ?? 0;
    out.push({ t, committed });
  }
  return out;
}

function minutes(state: OperationState, incidents: readonly Incident[], step: "resourced" | "on-scene"): number[] {
  return incidents
    .map((i) => minutesTo(state, i, step))
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
}

function summary(sorted: readonly number[]): Summary {
  const at = (p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null) : null);
  return { n: sorted.length, median: at(0.5), p90: at(0.9) };
}

function bands(sorted: readonly number[]): number[] {
  return BANDS.map(([from, to]) => sorted.filter((x) => x >= from && x < to).length);
}

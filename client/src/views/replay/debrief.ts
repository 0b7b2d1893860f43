import { GRADES } from "../../../../shared/domain";
import { responseMinutes } from "../../../../shared/responseTimes";
import type { OperationState } from "../../../../shared/state";

/** Pure figures for the debrief charts, from the operation's final state. */

export const BUCKET_MS = 5 * 60_000;

export function buckets(startAt: number, endAt: number): number[] {
  const first = Math.floor(startAt / BUCKET_MS) * BUCKET_MS;
  const out: number[] = [];
  for (let t = first; t <= endAt; t += BUCKET_MS) out.push(t);
  return out;
}

/** Incidents reported in each 5 minutes, counted by grade (or by type). */
export function incidentsPer5Min(state: OperationState, startAt: number, endAt: number, by: "grade" | "type") {
  const rows = buckets(startAt, endAt).map((t) => ({ t }) as { t: number } & Record<string, number>);
  for (const i of Object.values(state.incidents)) {
    const row = rows[Math.floor((i.reportedAt - (rows[0]?.t ?? 0)) / BUCKET_MS)];
    if (!row) continue;
    const key = by === "grade" ? (i.grade ?? "ungraded") : i.type;
    row[key] = (row[key] ?? 0) + 1;
  }
  return rows;
}

/** Minutes from the first report to the incident (triage), to assignment and to arrival, for each grade: median and 90th percentile. */
export function responseTimes(state: OperationState) {
  const pick = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) : 0;
  };
  return GRADES.map((grade) => {
    // From the first report of the incident, not from control's promotion (issue 13).
    const of = (step: "assigned" | "onScene" | "triage") =>
      Object.values(state.incidents)
        .filter((i) => i.grade === grade)
        .map((i) => responseMinutes(state, i)[step])
        .filter((m): m is number => m !== null);
    const assigned = of("assigned");
    const onScene = of("onScene");
    const triage = of("triage");
    return {
      grade,
      n: assigned.length,
      triageMedian: round(pick(triage, 0.5)),
      assignedMedian: round(pick(assigned, 0.5)),
      assignedP90: round(pick(assigned, 0.9)),
      onSceneMedian: round(pick(onScene, 0.5)),
      onSceneP90: round(pick(onScene, 0.9)),
    };
  });
}

/** Units committed to incidents at the start of each 5 minutes, from the incidents' timelines. */
export function unitsCommitted(state: OperationState, startAt: number, endAt: number) {
  const changes: { at: number; delta: number; incident: string }[] = [];
  for (const i of Object.values(state.incidents)) {
    let held = 0;
    for (const step of i.timeline) {
      const delta = step.kind === "UnitAssigned" ? 1 : step.kind === "UnitReleased" ? -1 : step.kind === "IncidentClosed" ? -held : 0;
      if (delta === 0) continue;
      held += delta;
      changes.push({ at: step.at, delta, incident: i.id });
    }
  }
  changes.sort((a, b) => a.at - b.at);
  let k = 0;
  let committed = 0;
  return buckets(startAt, endAt).map((t) => {
    while (k < changes.length && changes[k]!.at <= t) committed += changes[k++]!.delta;
    return { t, committed };
  });
}

const round = (x: number) => Math.round(x * 10) / 10;

import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident, OperationState, StewardReport } from "../../../../shared/state";
import { likelyDuplicates } from "../../../../shared/triage";
import { newReports } from "../../store/selectors";

/**
 * The waiting report `step` places from `fromId` in triage order (the first when none is in
 * focus). `afterAction`: `fromId` has just been triaged and left the list, so the report that
 * now stands where it stood comes next.
 */
export function neighbourReport(state: OperationState, fromId: string | null, step: 1 | -1, afterAction: boolean): string | null {
  const waiting = newReports(state);
  if (waiting.length === 0) return null;
  const from = fromId ? state.reports[fromId] : undefined;
  if (!from) return (step === 1 ? waiting[0] : waiting[waiting.length - 1])?.id ?? null;
  const later = waiting.filter((r) => r.receivedAt > from.receivedAt || (r.receivedAt === from.receivedAt && r.id > from.id));
  const earlier = waiting.filter((r) => !later.includes(r) && r.id !== from.id);
  const last = earlier[earlier.length - 1];
  // At either end the focus stays put, unless the report in focus has just left the list.
  if (step === 1) return later[0]?.id ?? (afterAction ? (last?.id ?? null) : fromId);
  return last?.id ?? (afterAction ? (later[0]?.id ?? null) : fromId);
}

/** The incident a report most likely belongs to, for the one-key merge; null when none is likely. */
export function suggestedMerge(state: OperationState, report: StewardReport): Incident | null {
  const first = likelyDuplicates(report, state).find((s) => s.kind === "incident");
  return first ? (state.incidents[first.id] ?? null) : null;
}

/** One likely duplicate shown on a report card: an open incident or another waiting report. */
export interface CardSuggestion {
  kind: "incident" | "report";
  id: string;
  /** "CAD 4150/17Oct" for an incident, the report's type for a report. */
  label: string;
  why: string;
}

/** Likely duplicates of a waiting report, best first (shared/triage.ts; never merged without the operator). */
export function cardSuggestions(state: OperationState, report: StewardReport): CardSuggestion[] {
  const found = likelyDuplicates(report, state);
  // Open incidents first: they are what a report can be merged into (M takes the first).
  const ordered = [...found.filter((s) => s.kind === "incident"), ...found.filter((s) => s.kind === "report")];
  return ordered.map((s) => ({
    kind: s.kind,
    id: s.id,
    label: s.ref ?? labelOfReport(state, s.id),
    why: s.why,
  }));
}

function labelOfReport(state: OperationState, id: string): string {
  const r = state.reports[id];
  return r ? `${INCIDENT_TYPE_LABELS[r.type]}${r.post ? ` at ${r.post.name}` : ""}` : id;
}

import type { Incident, OperationState, StewardReport } from "../../../../shared/state";
import { mergeCandidates } from "../../store/selectors";

/** Reports waiting for triage, oldest received first, so none sinks out of sight. */
export function awaitingTriage(state: OperationState): StewardReport[] {
  return Object.values(state.reports)
    .filter((r) => r.status === "new")
    .sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
}

/**
 * The waiting report `step` places from `fromId` in triage order (the first when none is in
 * focus). `afterAction`: `fromId` has just been triaged and left the list, so the report that
 * now stands where it stood comes next.
 */
export function neighbourReport(state: OperationState, fromId: string | null, step: 1 | -1, afterAction: boolean): string | null {
  const waiting = awaitingTriage(state);
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
  return mergeCandidates(state, report)[0] ?? null;
}

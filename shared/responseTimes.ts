import type { IncidentStatus } from "./domain";
import type { Incident, OperationState } from "./state";

/**
 * Response times measured from the first report of an incident (issue 13): the earliest time
 * control received any report that became or joined it, else the incident's own record time
 * (a call taken by control). Triage time — first report to the incident existing — is shown
 * apart, so a slow triage is not hidden inside "minutes to assign". Pure, for server and client.
 */
export function firstReportAt(state: OperationState, i: Incident): number {
  let first = i.reportedAt;
  for (const id of i.reportIds) {
    const r = state.reports[id];
    if (r && r.receivedAt < first) first = r.receivedAt;
  }
  return first;
}

const minutes = (from: number, to: number | undefined) => (to === undefined ? null : Math.round(((to - from) / 60_000) * 10) / 10);

export interface ResponseMinutes {
  /** First report to the incident being created (promotion, or control's own entry). */
  triage: number | null;
  assigned: number | null;
  onScene: number | null;
  resolved: number | null;
}

export function responseMinutes(state: OperationState, i: Incident): ResponseMinutes {
  const first = firstReportAt(state, i);
  const step = (s: IncidentStatus) => minutes(first, i.steps[s]);
  return { triage: minutes(first, i.reportedAt), assigned: step("resourced"), onScene: step("on-scene"), resolved: step("resolved") };
}

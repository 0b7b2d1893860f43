import type { ReplayMeta, ReplayState, ReplayWindow, TimeBasis } from "../../../../shared/replay";
import { request } from "../../api/http";

const base = (opId: string) => `/api/operations/${encodeURIComponent(opId)}`;

/**
 * The replay routes (shared/replay.ts is the contract). Opening and printing write to the access
 * log, so they are POSTs; seeks and windows are plain GETs with no side effect.
 */
export const replayApi = {
  meta: (opId: string) => request<ReplayMeta>("POST", `${base(opId)}/replay/open`, {}),
  state: (opId: string, at: number, basis: TimeBasis) =>
    request<ReplayState>("GET", `${base(opId)}/replay/state?at=${Math.round(at)}&basis=${basis}`),
  window: (opId: string, from: number, to: number) =>
    request<ReplayWindow>("GET", `${base(opId)}/replay/window?from=${Math.round(from)}&to=${Math.round(to)}`),
  /** Logs a print of the debrief (DPA 2018 s.62) before the browser prints it. */
  print: (opId: string, at?: number) =>
    request<void>("POST", `${base(opId)}/replay/print`, { what: "debrief", ...(at === undefined ? {} : { at: Math.round(at) }) }),
};

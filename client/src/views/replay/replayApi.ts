import type { ReplayMeta, ReplayState, ReplayWindow, TimeBasis } from "../../../../shared/replay";
import { request } from "../../api/http";

/** The replay routes (shared/replay.ts is the contract). */
export const replayApi = {
  meta: (opId: string) => request<ReplayMeta>("GET", `/api/operations/${encodeURIComponent(opId)}/replay`),
  state: (opId: string, at: number, basis: TimeBasis) =>
    request<ReplayState>("GET", `/api/operations/${encodeURIComponent(opId)}/replay/state?at=${Math.round(at)}&basis=${basis}`),
  window: (opId: string, from: number, to: number) =>
    request<ReplayWindow>("GET", `/api/operations/${encodeURIComponent(opId)}/replay/window?from=${Math.round(from)}&to=${Math.round(to)}`),
};

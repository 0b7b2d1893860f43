import { MATCH_PHASE_LABELS, MATCH_PHASES, type MatchPhase } from "./domain";
import { ErrorCode, Rejection } from "./errors";
import type { DecidedEvent } from "./events";
import type { OperationState } from "./state";

/**
 * The match phase (issue 11 item 3): Silver sets it from the board, the board follows it.
 * Phases were free text before; a phase the list does not know is shown as it was written.
 */

export const isMatchPhase = (phase: string | null): phase is MatchPhase => (MATCH_PHASES as readonly (string | null)[]).includes(phase);

/** How a phase reads on a screen or a phone: its label, or an older log's own words. */
export function phaseLabel(phase: string | null): string {
  if (phase === null) return "No phase set";
  return isMatchPhase(phase) ? MATCH_PHASE_LABELS[phase] : phase;
}

/** From full time the board shows the egress plan: routes to the stations and the holding areas. */
const EGRESS_MODE: ReadonlySet<string> = new Set<MatchPhase>(["full-time", "egress"]);

export function isEgressMode(phase: string | null): boolean {
  return phase !== null && EGRESS_MODE.has(phase);
}

/**
 * `op:phase`: the phase the match is now in. Setting the phase it is already in is refused, so
 * that the log records each change once (a resend with the same key is answered by idempotency).
 */
export function startPhase(state: OperationState, phase: MatchPhase): DecidedEvent {
  if (state.operation?.currentPhase === phase) {
    throw new Rejection(ErrorCode.Conflict, `The match is already at "${MATCH_PHASE_LABELS[phase]}".`);
  }
  return { type: "OperationPhaseStarted", payload: { phase }, scope: { sector: null, stewards: [], units: [] } };
}

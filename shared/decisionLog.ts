import { z } from "zod";
import type { DecidedEvent } from "./events";
import type { OperationState } from "./state";

/**
 * The decision log (issue 11 item 5): each entry is a decision and its rationale, with the steps
 * of JESIP's Joint Decision Model as optional fields, so that a loggist can record as much of the
 * reasoning as there was time for. Older logs hold decision and rationale only.
 */

/** The JDM's steps beside the decision and its rationale, in the model's order. Each is optional. */
export const JDM_TEXT_FIELDS = ["information", "risk", "powers", "action", "review"] as const;
export type JdmTextField = (typeof JDM_TEXT_FIELDS)[number];

/** How each step is asked for on the form and headed in the print. */
export const JDM_LABELS: Record<JdmTextField | "options", string> = {
  information: "Working together: information and intelligence",
  risk: "Assessment of threat and risk",
  powers: "Powers, policies and procedures relied on",
  options: "Options considered",
  action: "Action taken",
  review: "Review",
};

/** The order the steps are read in (the options sit between the powers and the action). */
export const JDM_ORDER = ["information", "risk", "powers", "options", "action", "review"] as const;

const step = z.string().trim().min(1).max(2000);
export const MAX_OPTIONS = 10;

/** The JDM fields of `decision:log` and of DecisionLogged: each absent when not recorded. */
export const JdmFields = z.object({
  information: step.optional(),
  risk: step.optional(),
  powers: step.optional(),
  options: z.array(z.string().trim().min(1).max(500)).min(1).max(MAX_OPTIONS).optional(),
  action: step.optional(),
  review: step.optional(),
});
export type JdmFields = z.infer<typeof JdmFields>;

/** Only the JDM fields that hold something: an entry carries no empty keys. */
export function jdmOf(fields: JdmFields): JdmFields {
  const out: JdmFields = {};
  for (const k of JDM_TEXT_FIELDS) {
    const v = fields[k];
    if (v !== undefined) out[k] = v;
  }
  if (fields.options !== undefined) out.options = fields.options;
  return out;
}

/** `decision:log`: appended as dec-N, never edited; who and when are the event's actor and time. */
export function logDecision(state: OperationState, body: { decision: string; rationale: string } & JdmFields): DecidedEvent {
  const decisionId = `dec-${state.decisions.length + 1}`;
  const payload = { decisionId, decision: body.decision, rationale: body.rationale, ...jdmOf(body) };
  return { type: "DecisionLogged", payload, scope: { sector: null, stewards: [], units: [] } };
}

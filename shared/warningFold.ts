import { entityOf } from "./collection";
import type { CordonEvent } from "./events";
import type { OperationState } from "./state";
import { type Warning, type WarningKind, warningId } from "./warnings";

/**
 * How server-made events raise and clear the warnings of `state.warnings` (shared/warnings.ts),
 * for every kind: the fold's cases call these, so each kind's events change the record alike.
 * Pure and total, like the fold itself.
 */

/** The record, from a state or from a snapshot cut before the record existed (no `warnings` field). */
export function warningsOf(state: Pick<OperationState, "warnings">): Readonly<Record<string, Warning>> {
  return state.warnings ?? {};
}

/** The warning of this kind and subject, open or cleared (the latest), or undefined. */
export function currentWarning(state: Pick<OperationState, "warnings">, kind: WarningKind, subject: string): Warning | undefined {
  return entityOf(warningsOf(state), warningId(kind, subject));
}

/** The open warning of this kind and subject, or undefined. */
export function openWarning(state: Pick<OperationState, "warnings">, kind: WarningKind, subject: string): Warning | undefined {
  const w = currentWarning(state, kind, subject);
  return w && w.clearedAt === null ? w : undefined;
}

export interface Raise {
  kind: WarningKind;
  subject: string;
  sector: string | null;
  text: string;
}

/**
 * Raises a warning at the event's time. One open warning per kind and subject: raising one that
 * is open changes nothing (decide refuses it anyway). A cleared one of the same id is kept as
 * history under `<id>@<raisedSeq>`, so a unit that leaves twice shows both times on the board.
 */
export function raiseWarning(s: OperationState, e: CordonEvent, r: Raise): OperationState {
  const all = warningsOf(s);
  const id = warningId(r.kind, r.subject);
  const before = Object.hasOwn(all, id) ? all[id] : undefined;
  if (before && before.clearedAt === null) return s;
  const next: Record<string, Warning> = { ...all };
  if (before) {
    const archived = `${id}@${before.raisedSeq}`;
    next[archived] = { ...before, id: archived };
  }
  next[id] = { id, kind: r.kind, sector: r.sector, subject: r.subject, text: r.text, raisedAt: e.at, raisedSeq: e.seq, clearedAt: null };
  return { ...s, warnings: next };
}

/** Clears the open warning of this kind and subject at the event's time; no open one, no change. */
export function clearWarning(s: OperationState, e: CordonEvent, kind: WarningKind, subject: string): OperationState {
  const open = openWarning(s, kind, subject);
  if (!open) return s;
  return { ...s, warnings: { ...warningsOf(s), [open.id]: { ...open, clearedAt: e.at } } };
}

/** The list the board shows: open warnings first, then newest first (by the seq that raised them). */
export function sortedWarnings(warnings: readonly Warning[]): Warning[] {
  return [...warnings].sort((a, b) => Number(a.clearedAt !== null) - Number(b.clearedAt !== null) || b.raisedSeq - a.raisedSeq);
}

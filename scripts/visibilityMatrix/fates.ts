import { isDeepStrictEqual } from "node:util";
import { INCIDENT_TYPE_LABELS } from "../../shared/domain";
import type { CordonEvent } from "../../shared/events";

/**
 * What became of each field of an event in the version an audience receives: kept as logged,
 * replaced by a fixed value (withheld: null, empty, "Control", …), or replaced by the incident
 * type's label. Computed from the projection, applied to the events a real server logged.
 */
export type Fate = "logged" | "label" | { value: unknown };
export type Fates = Record<string, Fate>;

const ENVELOPE_LEAVES = ["actor.userId", "actor.role", "actor.name", "scope.sector", "scope.stewards", "scope.units", "prevHash", "hash"];

type Tree = Record<string, unknown>;
function leaf(e: CordonEvent, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Tree | undefined)?.[k], e);
}

function leavesOf(e: CordonEvent): string[] {
  return [...ENVELOPE_LEAVES, ...Object.keys(e.payload).map((k) => `payload.${k}`)];
}

const labelOf = (e: CordonEvent) => ("type" in e.payload ? INCIDENT_TYPE_LABELS[e.payload.type] : undefined);

/** The fate of every field, from the logged event and the version received. */
export function diffVersion(logged: CordonEvent, received: CordonEvent): Fates {
  const fates: Fates = {};
  for (const path of leavesOf(logged)) {
    const was = leaf(logged, path);
    const now = leaf(received, path);
    if (isDeepStrictEqual(was, now)) fates[path] = "logged";
    else if (path.startsWith("payload.") && now === labelOf(logged)) fates[path] = "label";
    else fates[path] = { value: now };
  }
  return fates;
}

/** The version an audience should receive of a logged event, by its fates. */
export function applyFates(logged: CordonEvent, fates: Fates): CordonEvent {
  const out = structuredClone(logged) as unknown as Tree;
  for (const [path, fate] of Object.entries(fates)) {
    if (fate === "logged") continue;
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce<Tree>((o, k) => o[k] as Tree, out);
    parent[last] = fate === "label" ? labelOf(logged) : structuredClone(fate.value);
  }
  return out as unknown as CordonEvent;
}

const short = (p: string) => p.replace(/^payload\./, "");

/** One line for the table: what is withheld or replaced; everything else is as logged. */
export function describeFates(fates: Fates): string {
  const changed = Object.entries(fates).filter(([, f]) => f !== "logged");
  if (changed.length === 0) return "whole, as logged";
  const parts: string[] = [];
  const actor = changed.filter(([p]) => p.startsWith("actor."));
  if (actor.length > 0) {
    const name = fates["actor.name"];
    parts.push(typeof name === "object" ? `actor → “${String(name.value)}”` : "actor's user id withheld, name kept");
  }
  if (changed.some(([p]) => p === "hash" || p === "prevHash")) parts.push("no hash");
  for (const [p, f] of changed) {
    if (p.startsWith("actor.") || p === "hash" || p === "prevHash") continue;
    if (p === "scope.units") parts.push("unit ids withheld");
    else if (p === "scope.stewards") parts.push("steward ids withheld");
    else if (f === "label") parts.push(`${short(p)} → type label`);
    else if (typeof f === "object") parts.push(`${short(p)} → ${JSON.stringify(f.value)}`);
  }
  return parts.join("; ");
}

import { expect } from "vitest";
import { type Command, CommandBodies, type CommandInput, type CommandName } from "../../shared/commands";
import { decide } from "../../shared/decide";
import { type ErrorCode, Rejection } from "../../shared/errors";
import {
  type Actor,
  type CordonEvent,
  type DecidedEvent,
  type EventPayload,
  EventPayloads,
  type EventType,
  type Scope,
} from "../../shared/events";
import { evolve } from "../../shared/evolve";
import { initialState, type OperationState, type TimelineEntry } from "../../shared/state";
import type { VenuePlan } from "../../shared/venue";
import { actors, venue } from "./events";

/**
 * Decider specs in emmett's style (DeciderSpecification): the fold and the domain rules read
 * as "given these events, when this command, then this event (or this rejection)" and "given
 * these events, on this event, then this state". The given events are sealed as the server
 * seals them: seq 1, 2, 3, … and record time `t(seq)`.
 */

/** Record time of the event at `seq` in a given history (17 Oct 2023, 16:00 BST + seq seconds). */
export const T0 = 1_697_554_800_000;
export const t = (seq: number) => T0 + seq * 1000;
export const OP_ID = "op-test";

/** An event as a spec writes it: the envelope is filled in when the history is sealed. */
export type Draft = {
  [T in EventType]: { type: T; payload: EventPayload<T>; scope?: Scope; actor?: Actor; at?: number };
}[EventType];

export const noScope: Scope = { sector: null, stewards: [], units: [] };

export function seal(draft: Draft, seq: number): CordonEvent {
  const { type, payload, scope = noScope, actor = actors.control, at = t(seq) } = draft;
  return { seq, id: `e${seq}`, opId: OP_ID, at, actor, scope, prevHash: "", hash: "", type, payload } as CordonEvent;
}

export function fold(drafts: readonly Draft[]): OperationState {
  return drafts.reduce((s, d, i) => evolve(s, seal(d, i + 1)), initialState);
}

/** The timeline entry the event at `seq` adds to an incident, by control unless another actor is named. */
export function line(
  seq: number,
  kind: EventType,
  text: string,
  actor: Actor = actors.control,
  flags: { intel?: boolean; forStewards?: boolean } = {},
): TimelineEntry {
  const { intel = false, forStewards = false } = flags;
  return { seq, at: t(seq), actor, kind, text, intel, forStewards };
}

/** Who sends a command: control by default; officers name their unit. */
export interface Sender {
  actor?: Actor;
  unitId?: string | null;
  /** A Bronze's own sector. */
  sector?: string | null;
  venue?: VenuePlan;
  /** The device's clock offset the gateway measured at its last hello. */
  clockOffsetMs?: number | null;
  /** The photos the gateway found uploaded to the operation (issue 12), by hash. */
  photos?: ReadonlyMap<string, { takenAt: string | null }>;
}

type Change<T> = T | ((before: T, e: CordonEvent) => T);
type Entity<K extends "incidents" | "units" | "reports"> = OperationState[K][string];

/**
 * What a spec says about a state. Listed keys must match exactly; in a collection every
 * listed entity must match exactly and every other entity must be the very object it was.
 */
export interface StateSpec {
  operation?: Change<OperationState["operation"]>;
  incidents?: Record<string, Change<Entity<"incidents">>>;
  units?: Record<string, Change<Entity<"units">>>;
  reports?: Record<string, Change<Entity<"reports">>>;
  alerts?: Change<OperationState["alerts"]>;
  decisions?: Change<OperationState["decisions"]>;
}

const WHOLE = ["operation", "alerts", "decisions"] as const;
const COLLECTIONS = ["incidents", "units", "reports"] as const;

function resolve<T>(change: Change<T>, before: T, e: CordonEvent, where: string): T {
  if (typeof change !== "function") return change;
  if (before === undefined) throw new Error(`${where} did not exist before the event: give its value, not a change`);
  return (change as (b: T, e: CordonEvent) => T)(before, e);
}

/** Checks `after` against `before` changed as `spec` says, and in no other way. */
function expectState(before: OperationState, after: OperationState, spec: StateSpec, e: CordonEvent): void {
  expect(Object.keys(after).sort(), "state keys").toEqual(Object.keys(before).sort());
  expect(after.seq, "seq").toBe(e.seq);
  expect(after.at, "at").toBe(e.at);
  for (const key of WHOLE) {
    const change = spec[key] as Change<unknown> | undefined;
    if (change === undefined) expect(after[key], `${key} unchanged`).toBe(before[key]);
    else expect(after[key], key).toEqual(resolve(change, before[key], e, key));
  }
  for (const key of COLLECTIONS) {
    const changes = spec[key] as Record<string, Change<unknown>> | undefined;
    if (changes === undefined) {
      expect(after[key], `${key} unchanged`).toBe(before[key]);
      continue;
    }
    const ids = [...new Set([...Object.keys(before[key]), ...Object.keys(changes)])].sort();
    expect(Object.keys(after[key]).sort(), `${key} ids`).toEqual(ids);
    for (const id of ids) {
      const change = changes[id];
      const was = before[key][id];
      if (change === undefined) expect(after[key][id], `${key}.${id} unchanged`).toBe(was);
      else expect(after[key][id], `${key}.${id}`).toEqual(resolve(change, was, e, `${key}.${id}`));
    }
  }
}

export class Given {
  readonly events: CordonEvent[];
  readonly state: OperationState;

  constructor(readonly drafts: readonly Draft[]) {
    this.events = drafts.map((d, i) => seal(d, i + 1));
    this.state = this.events.reduce(evolve, initialState);
  }

  /** Decides a command (parsed by its schema, defaults filled in, as the server does). */
  when<N extends CommandName>(name: N, body: CommandInput<N>, sender: Sender = {}): When {
    const command = { name, body: CommandBodies[name].parse(body) } as Command;
    return this.decideRaw(command, sender);
  }

  /** Decides a command as given, without parsing it (for what the schema cannot express). */
  decideRaw(command: Command, sender: Sender = {}): When {
    const ctx = {
      now: t(this.events.length + 1),
      actor: sender.actor ?? actors.control,
      unitId: sender.unitId ?? null,
      sector: sender.sector ?? null,
      venue: sender.venue ?? venue,
      clockOffsetMs: sender.clockOffsetMs ?? null,
      ...(sender.photos ? { photos: sender.photos } : {}),
    };
    try {
      return new When(decide(command, this.state, ctx), null);
    } catch (error) {
      if (error instanceof Rejection) return new When(null, error);
      throw error;
    }
  }

  /** Folds one more event onto the given history. */
  on(draft: Draft): On {
    const e = seal(draft, this.events.length + 1);
    return new On(this.state, e, evolve(this.state, e));
  }

  /** The fold of the given events is the initial state changed as `spec` says, and in no other way. */
  thenState(spec: StateSpec): void {
    const last = this.events.at(-1);
    if (!last) throw new Error("thenState needs at least one given event");
    const start = { ...initialState, seq: last.seq, at: last.at };
    expectState(start, this.state, spec, last);
  }
}

export class When {
  constructor(
    readonly decided: DecidedEvent | null,
    readonly rejection: Rejection | null,
  ) {}

  /** The command yields exactly this event, and its payload is valid on the wire. */
  thenEvent(expected: DecidedEvent): void {
    if (this.rejection) throw new Error(`expected ${expected.type}, but refused ${this.rejection.code}: ${this.rejection.message}`);
    expect(this.decided).toStrictEqual(expected);
    const parsed = EventPayloads[expected.type].safeParse(this.decided?.payload);
    expect(parsed.success, `${expected.type} payload valid: ${parsed.error?.message ?? ""}`).toBe(true);
  }

  /** The command is refused with this code and exactly this message for the sender. */
  thenRejects(code: ErrorCode, message: string): void {
    if (this.decided) throw new Error(`expected ${code}, but decided ${JSON.stringify(this.decided)}`);
    expect({ code: this.rejection?.code, message: this.rejection?.message }).toEqual({ code, message });
  }
}

export class On {
  constructor(
    readonly before: OperationState,
    readonly event: CordonEvent,
    readonly after: OperationState,
  ) {}

  /** The state changes exactly as `spec` says; everything it does not name keeps its identity. */
  thenState(spec: StateSpec): void {
    expectState(this.before, this.after, spec, this.event);
  }

  /** Nothing but `seq` and `at` changes (an event about things this state does not hold). */
  thenUnchanged(): void {
    expectState(this.before, this.after, {}, this.event);
  }
}

/** `given(opened(), unitRegistered("psu-12a", "12A")).when("unit:status", …).thenEvent(…)` */
export function given(...drafts: Draft[]): Given {
  return new Given(drafts);
}

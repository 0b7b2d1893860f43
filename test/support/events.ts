import fs from "node:fs";
import type { FeatureCollection, Geometry } from "geojson";
import type { Command, CommandName } from "../../shared/commands";
import { CommandBodies } from "../../shared/commands";
import { decide } from "../../shared/decide";
import type { Actor, CordonEvent } from "../../shared/events";
import { evolve } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";
import { readVenue, type VenuePlan, type VenueProps } from "../../shared/venue";

export const venue: VenuePlan = readVenue(
  JSON.parse(fs.readFileSync(new URL("../../shared/venue/wembley.geojson", import.meta.url), "utf8")) as FeatureCollection<
    Geometry,
    VenueProps
  >,
);

export const actors = {
  gold: { userId: "u-gold", role: "gold", name: "Gold" },
  silver: { userId: "u-silver", role: "commander", name: "Silver" },
  bronze: { userId: "u-bronze", role: "bronze", name: "Bronze Olympic Way" },
  bronzeNorth: { userId: "u-bronze-north", role: "bronze", name: "Bronze Stadium North" },
  control: { userId: "u-control", role: "controller", name: "Control" },
  steward: { userId: "u-steward", role: "steward", name: "Steward 1182" },
  steward2: { userId: "u-steward2", role: "steward", name: "Steward 2047" },
  officer: { userId: "u-officer", role: "officer", name: "PC Kemp" },
} satisfies Record<string, Actor>;

/**
 * A tiny in-memory log for pure tests: decides commands against the folded state and seals
 * events the way the server does (without hashing: the fold never reads the hash).
 */
export class MemoryLog {
  state: OperationState = initialState;
  events: CordonEvent[] = [];
  private t = 1_697_554_800_000; // 17 Oct 2023 16:00 BST

  constructor() {
    this.push(actors.silver, {
      type: "OperationOpened",
      payload: { name: "Test", venueId: "wembley", cadStart: 4100, cadDate: "17Oct", phases: [] },
      scope: { sector: null, stewards: [], units: [] },
    } as Omit<CordonEvent, "seq" | "id" | "opId" | "at" | "actor" | "prevHash" | "hash">);
  }

  /** Runs a command; returns the event, or throws the Rejection. */
  run<N extends CommandName>(actor: Actor, name: N, body: unknown, unitId: string | null = null): CordonEvent {
    const command = { name, body: CommandBodies[name].parse(body) } as Command;
    const decided = decide(command, this.state, { now: this.t, actor, unitId, venue });
    return this.push(actor, decided);
  }

  private push(actor: Actor, decided: Omit<CordonEvent, "seq" | "id" | "opId" | "at" | "actor" | "prevHash" | "hash">): CordonEvent {
    this.t += 1000;
    const seq = this.events.length + 1;
    const e = { seq, id: `e${seq}`, opId: "op-test", at: this.t, actor, prevHash: "", hash: "", ...decided } as CordonEvent;
    this.events.push(e);
    this.state = evolve(this.state, e);
    return e;
  }
}

export const at = {
  olympicWay: { lat: 51.5605, lng: -0.2795 },
  west: { lat: 51.556, lng: -0.2825 },
};

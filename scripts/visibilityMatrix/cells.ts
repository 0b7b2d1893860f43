import fs from "node:fs";
import type { FeatureCollection, Geometry } from "geojson";
import { REPLAY_ROLES } from "../../server/replay/replayRoutes";
import { type Command, CommandBodies, SystemCommandBodies } from "../../shared/commands";
import { decide } from "../../shared/decide";
import { ROLES, type Role } from "../../shared/domain";
import { type Actor, type CordonEvent, type DecidedEvent, type EventType, SYSTEM_ACTOR } from "../../shared/events";
import { evolve } from "../../shared/evolve";
import { initialState, type OperationState } from "../../shared/state";
import { readVenue, type VenuePlan, type VenueProps } from "../../shared/venue";
import { project, viewerOf } from "../../shared/visibility";
import { describeFates, diffVersion, type Fates } from "./fates";
import { type Author, MATRIX_ACCOUNTS, OPENED_SAMPLE, OPERATION, OTHER_STEWARD, SAMPLE_OF, STEPS, type Step } from "./scenario";

export const PATHS = ["live", "hello", "catch-up", "replay", "export", "REST"] as const;
export type Path = (typeof PATHS)[number];

/** A cell: what one role receives of one sample event on one path. */
export type Cell =
  | { sample: string; type: EventType; role: Role; path: Path; access: "refused" }
  | { sample: string; type: EventType; role: Role; path: Path; access: "none"; why?: string }
  | { sample: string; type: EventType; role: Role; path: Path; access: "received"; fates: Fates }
  | { sample: string; type: EventType; role: Role; path: "REST"; access: "listing"; fields: string[] };

/** The operations listing (GET /api/operations) is the one REST read of the log; what it shows of each event type. */
export const LISTING_FIELDS: Partial<Record<EventType, string[]>> = {
  OperationOpened: ["id", "name", "venueId", "openedAt"],
  OperationPhaseStarted: ["phase"],
};

export const venue: VenuePlan = readVenue(
  JSON.parse(fs.readFileSync(new URL("../../shared/venue/wembley.geojson", import.meta.url), "utf8")) as FeatureCollection<
    Geometry,
    VenueProps
  >,
);

function actorOf(by: Author | "system"): { actor: Actor; unitId: string | null; sector: string | null } {
  if (by === "system") return { actor: SYSTEM_ACTOR, unitId: null, sector: null };
  const a = by === "steward2" ? OTHER_STEWARD : MATRIX_ACCOUNTS[by];
  return { actor: { userId: a.id, role: a.role, name: a.name }, unitId: a.unitId, sector: a.sector };
}

/** The sample log decided in memory, with the sample each event stands for. */
export function sampleLog(): { samples: { sample: string; event: CordonEvent }[]; events: CordonEvent[] } {
  let state: OperationState = initialState;
  const events: CordonEvent[] = [];
  const samples: { sample: string; event: CordonEvent }[] = [];
  const seal = (actor: Actor, decided: DecidedEvent, sample: string | undefined) => {
    const seq = events.length + 1;
    const e = {
      seq,
      id: `e${seq}`,
      opId: "op-matrix",
      at: 1_697_557_000_000 + seq * 1000,
      actor,
      prevHash: `h${seq - 1}`,
      hash: `h${seq}`,
      ...decided,
    };
    const event = e as CordonEvent;
    events.push(event);
    state = evolve(state, event);
    if (sample) samples.push({ sample, event });
  };
  const { actor: silver } = actorOf("commander");
  const p = { name: OPERATION.name, venueId: OPERATION.venueId, cadStart: OPERATION.cadStart, cadDate: "17Oct", phases: [] };
  seal(silver, { type: "OperationOpened", payload: p, scope: { sector: null, stewards: [], units: [] } }, OPENED_SAMPLE);
  for (const step of STEPS) {
    const { actor, unitId, sector } = actorOf(step.by);
    const command = parseStep(step);
    seal(actor, decide(command, state, { now: 1_697_557_000_000 + events.length * 1000, actor, unitId, sector, venue }), step.sample);
  }
  checkSamples(samples);
  return { samples, events };
}

/** Every event type has its sample, and every sample is named after the type of its event. */
function checkSamples(samples: { sample: string; event: CordonEvent }[]): void {
  for (const { sample, event } of samples) {
    if (sample !== event.type && !sample.startsWith(`${event.type} (`)) throw new Error(`sample "${sample}" gives ${event.type}`);
  }
  for (const [type, sample] of Object.entries(SAMPLE_OF)) {
    if (!samples.some((s) => s.sample === sample && s.event.type === type)) throw new Error(`no step gives the ${type} sample "${sample}"`);
  }
}

/** A step's command parsed by its schema, defaults filled in, as the gateway (or the server's own path) does. */
export function parseStep(step: Step): Command {
  if (step.by === "system") return { name: step.name, body: SystemCommandBodies[step.name].parse(step.body) } as Command;
  return { name: step.name, body: CommandBodies[step.name].parse(step.body) } as Command;
}

function cell(sample: string, e: CordonEvent, role: Role, path: Path): Cell {
  const base = { sample, type: e.type, role };
  switch (path) {
    case "live":
    case "hello":
    case "catch-up": {
      const viewer = viewerOf(MATRIX_ACCOUNTS[role]);
      if (!viewer) return { ...base, path, access: "refused" };
      if (path === "live" && sample === OPENED_SAMPLE) return { ...base, path, access: "none", why: "nobody is subscribed yet" };
      const seen = project(e, viewer);
      return seen ? { ...base, path, access: "received", fates: diffVersion(e, seen) } : { ...base, path, access: "none" };
    }
    case "replay":
    case "export":
      if (!REPLAY_ROLES.includes(role)) return { ...base, path, access: "refused" };
      return { ...base, path, access: "received", fates: diffVersion(e, e) };
    case "REST": {
      const fields = LISTING_FIELDS[e.type];
      return fields ? { ...base, path, access: "listing", fields } : { ...base, path, access: "none" };
    }
  }
}

/** Every cell: sample × role × path. */
export function matrixCells(): Cell[] {
  const { samples } = sampleLog();
  return samples.flatMap(({ sample, event }) => ROLES.flatMap((role) => PATHS.map((path) => cell(sample, event, role, path))));
}

export function cellText(c: Cell): string {
  switch (c.access) {
    case "refused":
      return "refused";
    case "none":
      return c.why ? `— (${c.why})` : "—";
    case "listing":
      return `listing: ${c.fields.join(", ")}`;
    case "received":
      return describeFates(c.fates);
  }
}

import { type Command, CommandBodies, type CommandName } from "../../shared/commands";
import { DEPLOYABLE_STATUSES, type UnitKind } from "../../shared/domain";
import type { OperationLog, Sender } from "../operations/operationLog";
import type { EventStore } from "../store/eventStore";
import { londonClock } from "./clock";
import type { Fleet } from "./movement";
import type { UnitSpec } from "./roster";
import { type ScriptStep, SILVER, unitActor } from "./storyline/plan";

export interface DemoStats {
  /** Commands acknowledged as applied. */
  applied: number;
  /** Steps not sent because a step they depend on did not happen (e.g. no unit was free). */
  skipped: number;
  /** Commands refused, by error code: domain rules give conflict / not_found / forbidden. */
  rejected: Record<string, number>;
  /** Position fixes handed to the position lane. */
  fixes: number;
}

type Body = Record<string, unknown>;

/**
 * Sends script steps through the operation log exactly as a client's commands arrive: parsed by
 * the command schema, decided against live state, appended, acked. Fills in `@ref`s from the
 * acks of earlier steps, and stands in another unit when the planned one is busy.
 */
export class StepRunner {
  readonly stats: DemoStats = { applied: 0, skipped: 0, rejected: {}, fixes: 0 };
  private readonly refs = new Map<string, string>();

  constructor(
    private readonly log: OperationLog,
    private readonly store: EventStore,
    private readonly fleet: Fleet,
    private readonly keyPrefix: string,
    private readonly debug: (msg: string) => void,
  ) {}

  /** Registers the deployment, parents before the serials that name them. */
  async register(units: readonly UnitSpec[]): Promise<void> {
    const sender: Sender = { actor: SILVER, unitId: null };
    for (const wave of [units.filter((u) => !u.parentId), units.filter((u) => u.parentId)]) {
      await Promise.all(
        wave.map(({ home: _home, ...body }) => this.send(sender, "unit:register", body, `${this.keyPrefix}-reg-${body.unitId}`)),
      );
    }
  }

  async run(step: ScriptStep, index: number): Promise<void> {
    const body = this.resolve(step.body as Body);
    const unitId = step.unitId === null ? null : this.lookup(step.unitId);
    if (!body || unitId === undefined) return this.skip(step, "it depends on a step that did not happen");
    if (step.name === "incident:assign") {
      const chosen = this.assignee(String(body.incidentId), String(body.unitId), step.want);
      if (!chosen) return this.skip(step, `no ${step.want?.join("/") ?? "unit"} is free`);
      body.unitId = chosen;
    }
    // A unit that stood in for the planned one speaks with its own voice.
    const unit = unitId ? this.log.state.units[unitId] : undefined;
    const actor = step.actor.role === "officer" && unit ? unitActor({ unitId: unit.id, callSign: unit.callSign }) : step.actor;
    const seq = await this.send({ actor, unitId }, step.name, body, `${this.keyPrefix}-${index}`);
    if (seq !== null && step.ref) await this.remember(step, step.ref, seq, body);
  }

  /** Parses and executes one command; returns its seq, or null (counted) when it was refused. */
  private async send(sender: Sender, name: CommandName, body: Body, key: string): Promise<number | null> {
    const parsed = CommandBodies[name].safeParse(body);
    if (!parsed.success) {
      this.count("bad_request", `${name} does not parse: ${parsed.error.message}`);
      return null;
    }
    const ack = await this.log.execute(sender, { name, body: parsed.data } as Command, key);
    if (!ack.ok) {
      this.count(ack.error.code, `${name} refused (${ack.error.code}): ${ack.error.message}`);
      return null;
    }
    this.stats.applied += 1;
    return ack.data.seq;
  }

  /** Records the id a step created, so later steps can name it. */
  private async remember(step: ScriptStep, ref: string, seq: number, body: Body): Promise<void> {
    if (step.name === "incident:assign") {
      this.refs.set(ref, String(body.unitId));
      return;
    }
    const [event] = await this.store.readAfter(this.log.opId, seq - 1, 1);
    if (event?.type === "StewardReportSubmitted") this.refs.set(ref, event.payload.reportId);
    else if (event?.type === "StewardReportPromoted" || event?.type === "IncidentReported") this.refs.set(ref, event.payload.incidentId);
  }

  /** The planned unit if it can take the job now, else the nearest free unit of a fitting kind. */
  private assignee(incidentId: string, planned: string, want: readonly UnitKind[] | undefined): string | null {
    const state = this.log.state;
    const unit = state.units[planned];
    if (unit && !unit.incidentId && DEPLOYABLE_STATUSES.includes(unit.status)) return planned;
    const incident = state.incidents[incidentId];
    if (!incident || !want) return planned; // let the domain rule say why
    const stand = this.fleet.nearestFree(state, want, incident.location);
    if (stand)
      this.debug(`${unit?.callSign ?? planned} is busy: sending ${state.units[stand]?.callSign ?? stand} to ${incident.ref} instead`);
    return stand;
  }

  private resolve(body: Body): Body | null {
    const out: Body = {};
    for (const [k, v] of Object.entries(body)) {
      const value = typeof v === "string" ? this.lookup(v) : v;
      if (value === undefined) return null;
      out[k] = value;
    }
    return out;
  }

  /** `@label` → the id recorded for it (undefined if never recorded); other strings as they are. */
  private lookup(value: string): string | undefined {
    return value.startsWith("@") ? this.refs.get(value.slice(1)) : value;
  }

  private skip(step: ScriptStep, why: string): void {
    this.stats.skipped += 1;
    this.debug(`demo ${londonClock(step.at)}: skipped ${step.name}: ${why}`);
  }

  private count(code: string, message: string): void {
    this.stats.rejected[code] = (this.stats.rejected[code] ?? 0) + 1;
    this.debug(`demo: ${message}`);
  }
}

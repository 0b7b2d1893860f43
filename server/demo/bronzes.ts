import type { Actor } from "../../shared/events";
import type { VenuePlan } from "../../shared/venue";
import type { OperationLog } from "../operations/operationLog";
import { Random } from "./random";

/**
 * The demo's sector Bronzes (issue 11): each acknowledges the open incidents of their sector
 * through the same command path as a person (`incident:bronze-ack`), most within a couple of
 * minutes, about one in six too late, so the board shows both the acknowledgements and the
 * server's "not acknowledged by its Bronze" warning. Delays are drawn per incident from the seed.
 */
export class DemoBronzes {
  private readonly sent = new Set<string>();

  constructor(
    private readonly log: OperationLog,
    private readonly venue: VenuePlan,
    private readonly seed: number,
    private readonly onError: (msg: string) => void,
  ) {}

  /** Acknowledges every incident whose Bronze's moment has come by scenario time `now`. */
  acknowledge(now: number): void {
    for (const i of Object.values(this.log.state.incidents)) {
      if (!i.sector || i.bronzeAck || i.status === "resolved" || i.status === "closed" || this.sent.has(i.id)) continue;
      if (now < i.reportedAt + this.delayMs(i.id)) continue;
      this.sent.add(i.id);
      const sender = { actor: this.bronzeOf(i.sector), unitId: null, sector: i.sector };
      this.log
        .execute(sender, { name: "incident:bronze-ack", body: { incidentId: i.id } }, `demo-${this.seed}-bronze-ack-${i.id}`)
        .then((ack) => {
          if (!ack.ok && ack.error.code !== "conflict") this.onError(`demo: Bronze acknowledgement refused: ${ack.error.message}`);
        })
        .catch((err) => this.onError(`demo: Bronze acknowledgement failed: ${String(err)}`));
    }
  }

  /** 30 s to 2½ min; one in six 4 to 7 min (past the default BRONZE_ACK_MINUTES of 3). */
  private delayMs(incidentId: string): number {
    const rng = Random.derive(this.seed, `bronze-ack-${incidentId}`);
    return rng.chance(1 / 6) ? rng.between(240_000, 420_000) : rng.between(30_000, 150_000);
  }

  private bronzeOf(sector: string): Actor {
    const name = this.venue.sectors.find((s) => s.id === sector)?.bronze || `Bronze ${sector}`;
    return { userId: `sim-bronze-${sector}`, role: "bronze", name: `${name} (simulated)` };
  }
}

import type { IncidentType } from "../../../../shared/domain";

/**
 * A report on its way to control. It stays "sending" (the command retries with its key) until
 * the server's ack arrives; only then is it "sent". Held in memory for this page only.
 */
export interface Outgoing {
  localId: string;
  type: IncidentType;
  where: string;
  reporterTime: number;
  state: "sending" | "retrying" | "sent" | "refused";
  ackAt: number | null;
  error: string | null;
}

import type { z } from "zod";
import { type Ack, ErrorCode, Rejection } from "../../shared/errors";
import type { StewardCountReport } from "../../shared/ingressProtocol";
import type { User } from "../auth/accounts";
import type { Ingress } from "./ingress";

/**
 * A steward's gate count (socket `count:report`): a steward may count the groups of their own
 * sector's entrances (where they are posted); the reading is timed by the server's clock (a
 * phone's clock may be off) and goes through the same lane as the feed's.
 */
export async function count$(
  ingress: Ingress,
  groupSector: (opId: string, groupId: string) => string | undefined,
  now: () => number,
  u: User,
  report: z.output<typeof StewardCountReport>,
  ack: (reply: Ack<{ stored: number }>) => void,
): Promise<void> {
  if (u.role !== "steward") throw new Rejection(ErrorCode.Forbidden, "Only a steward at a gate sends a gate count.");
  const sector = groupSector(report.opId, report.groupId);
  if (sector !== undefined && sector !== u.sector) {
    throw new Rejection(ErrorCode.Forbidden, "You may count only the entrances of your own sector.");
  }
  const reading = {
    groupId: report.groupId,
    at: now(),
    count: report.count ?? null,
    queue: report.queue ?? null,
    source: "steward" as const,
    by: u.id,
  };
  await ingress.report(report.opId, [reading]);
  ack({ ok: true, data: { stored: 1 } });
}

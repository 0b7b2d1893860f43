import { z } from "zod";

const Member = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(["steward", "officer"]),
  sector: z.string().nullable(),
  post: z.string().nullable(),
  callSign: z.string().nullable(),
  seenAt: z.number().nullable(),
});
export const AlertAudienceReply = z.object({ alertId: z.string(), total: z.number(), seen: z.number(), members: z.array(Member) });
export type AlertAudienceReply = z.infer<typeof AlertAudienceReply>;
export type AudienceMember = z.infer<typeof Member>;

/** GET /api/operations/:opId/alerts/:alertId/audience (docs/protocol.md): who an alert was addressed to. */
export async function fetchAlertAudience(opId: string, alertId: string): Promise<AlertAudienceReply> {
  const res = await fetch(`/api/operations/${encodeURIComponent(opId)}/alerts/${encodeURIComponent(alertId)}/audience`, {
    credentials: "same-origin",
  });
  if (!res.ok) throw new Error(`The audience could not be loaded (${res.status}).`);
  return AlertAudienceReply.parse(await res.json());
}

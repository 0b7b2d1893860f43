import type { PartnerMethane } from "../../../../shared/methane";

/** GET /api/operations/:opId/methane's answer (server/partners/methaneRoutes.ts). */
export interface PartnerMethaneReply {
  operation: { id: string; name: string };
  marking: "OFFICIAL-SENSITIVE";
  reports: PartnerMethane[];
}

/** The current METHANE reports of an operation, as partner agencies may see them (each read is access-logged). */
export async function fetchMethane(opId: string): Promise<PartnerMethaneReply> {
  const res = await fetch(`/api/operations/${encodeURIComponent(opId)}/methane`, { credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as (PartnerMethaneReply & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** What the server answers to a partner's evidence (docs/protocol.md §10, partners' evidence). */
export interface EvidenceReceipt {
  seq: number;
  duplicate: boolean;
  files: { name: string; sha256: string; bytes: number; width: number; height: number; takenAt: string | null }[];
}

export class EvidenceError extends Error {}

/**
 * Sends the form as multipart to POST /api/operations/:opId/evidence with the partner's session.
 * `key` stays the same for every retry of one submission, so a resend is recorded once.
 */
export async function sendEvidence(opId: string, form: FormData): Promise<EvidenceReceipt> {
  let res: Response;
  try {
    res = await fetch(`/api/operations/${encodeURIComponent(opId)}/evidence`, { method: "POST", body: form, credentials: "same-origin" });
  } catch {
    throw new EvidenceError("No connection to Cordon: nothing was sent. Try again; it will not be recorded twice.");
  }
  const body = (await res.json().catch(() => null)) as (EvidenceReceipt & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new EvidenceError(body?.error?.message ?? `Not sent (HTTP ${res.status}).`);
  return body;
}

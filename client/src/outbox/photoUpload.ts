import { type AckError, ErrorCode } from "../../../shared/errors";

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** One photo upload's answer: the stored photo's hash, or why not (`final`: never worth retrying). */
export type UploadResult = { ok: true; sha256: string } | { ok: false; error: AckError; final: boolean };

/** Uploads one photo of an outbox entry to its operation, with the photo's own idempotency key. */
export type UploadPhoto = (opId: string, blob: Blob, key: string) => Promise<UploadResult>;

const noSignal: UploadResult = { ok: false, final: false, error: { code: ErrorCode.Unavailable, message: "No connection to the server." } };

/**
 * `POST /api/operations/:opId/photos` (docs/protocol.md §10, Photos), multipart with the file in
 * `photo`, for the page and the service worker alike. No connection, a signed-out session, a busy
 * server or an answer that is not JSON leave the photo for the next try; any other 4xx (not an
 * image, too large) is final: the report is refused with the server's reason and kept on the phone.
 */
export function httpUploadPhoto(fetchFn: Fetch): UploadPhoto {
  return async (opId, blob, key) => {
    const form = new FormData();
    form.append("photo", blob, "photo.jpg");
    let res: Response;
    try {
      res = await fetchFn(`/api/operations/${encodeURIComponent(opId)}/photos`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Idempotency-Key": key, Accept: "application/json" },
        body: form,
      });
    } catch {
      return noSignal;
    }
    const reply = (await res.json().catch(() => null)) as { sha256?: string; error?: { code?: string; message?: string } } | null;
    if (res.ok && typeof reply?.sha256 === "string") return { ok: true, sha256: reply.sha256 };
    const final = res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429;
    const error = reply?.error;
    if (!error?.code) return noSignal;
    return { ok: false, final, error: { code: error.code, message: error.message ?? "" } as AckError };
  };
}

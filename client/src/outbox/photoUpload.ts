import { type AckError, ErrorCode } from "../../../shared/errors";

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * One photo upload's answer: the stored photo's hash, or why not (`final`: never worth retrying;
 * `retryAfterMs`: the server asked to wait that long first, e.g. the account's upload budget).
 */
export type UploadResult = { ok: true; sha256: string } | { ok: false; error: AckError; final: boolean; retryAfterMs?: number };

/** Uploads one photo of an outbox entry to its operation, with the photo's own idempotency key. */
export type UploadPhoto = (opId: string, blob: Blob, key: string) => Promise<UploadResult>;

const noSignal: UploadResult = { ok: false, final: false, error: { code: ErrorCode.Unavailable, message: "No connection to the server." } };

/**
 * `POST /api/operations/:opId/photos` (docs/protocol.md §10, Photos), multipart with the file in
 * `photo`, for the page and the service worker alike. No connection, a signed-out session, a busy
 * server, too many uploads (429, with the wait its Retry-After gives) or an answer that is not JSON
 * leave the photo for the next try; any other 4xx (not an image, too large) is final: the report is
 * refused with the server's reason and kept on the phone.
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
    const wait = retryAfterMs(res);
    return {
      ok: false,
      final,
      error: { code: error.code, message: error.message ?? "" } as AckError,
      ...(wait === null ? {} : { retryAfterMs: wait }),
    };
  };
}

/** A 429's or 503's `Retry-After` in ms (whole seconds; an HTTP date is not sent by Cordon), else null. */
function retryAfterMs(res: Response): number | null {
  if (res.status !== 429 && res.status !== 503) return null;
  const seconds = Number(res.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

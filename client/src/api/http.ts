import type { AckError } from "../../../shared/errors";

/** A refused HTTP call, carrying the server's `{ error: { code, message } }` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The server could not be reached at all (no network, or a gateway with nothing behind it). */
export function isUnreachable(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status === 502 || err.status === 504;
}

/** Same-origin JSON request with the session cookie; throws ApiError on any non-2xx answer. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers = { Accept: "application/json", "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, "unavailable", "Cannot reach the Cordon server. Check the network and try again.");
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: Partial<AckError> } | null)?.error;
    throw new ApiError(res.status, error?.code ?? "http_error", error?.message ?? `The server answered ${res.status}.`);
  }
  return data as T;
}

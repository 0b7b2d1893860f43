import { type Ack, ErrorCode } from "../../../shared/errors";
import type { CommandAck, SendCommand } from "../sync/sendCommand";

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

const noSignal: CommandAck = { ok: false, error: { code: ErrorCode.Unavailable, message: "No connection to the server." } };

/**
 * A SendCommand over HTTP, for the service worker, which has no socket: one attempt per call,
 * `POST /api/operations/:opId/commands/:name` with the entry's own key (docs/protocol.md). No
 * connection, or an answer that is not an ack, is `unavailable`: the entry stays for the next try.
 */
export function httpSend(fetchFn: Fetch): SendCommand {
  return async (name, body, options = {}) => {
    if (!options.opId || !options.key) throw new Error("an outbox entry names its operation and its key");
    let res: Response;
    try {
      res = await fetchFn(`/api/operations/${encodeURIComponent(options.opId)}/commands/${name}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ key: options.key, body }),
      });
    } catch {
      return noSignal;
    }
    const ack = (await res.json().catch(() => null)) as Ack<never> | { error?: { code?: string; message?: string } } | null;
    if (ack && "ok" in ack && typeof ack.ok === "boolean") return ack as CommandAck;
    // The session gate answers `{ error }` without `ok`: keep its code (401: signed out, not "no").
    const error = (ack as { error?: { code?: string; message?: string } } | null)?.error;
    if (error?.code) return { ok: false, error: { code: error.code, message: error.message ?? "" } } as CommandAck;
    return noSignal;
  };
}

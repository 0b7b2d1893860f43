import { ErrorCode, Rejection } from "../../shared/errors";
import { PROTOCOL_VERSION } from "../../shared/wire";

/**
 * The first check of a `sync:hello`: a client that speaks another protocol version is refused
 * with `protocol_mismatch` (a page loaded before an update, or after a rollback), which the
 * client shows once and does not retry. Throws the typed rejection the gateway acks.
 */
export function checkProtocol(clientVersion: number, serverVersion: number = PROTOCOL_VERSION): void {
  if (clientVersion === serverVersion) return;
  const which = clientVersion < serverVersion ? "an older" : "a newer";
  throw new Rejection(
    ErrorCode.ProtocolMismatch,
    `This page speaks ${which} protocol (${clientVersion}) than the server (${serverVersion}): reload the page.`,
  );
}

/** Error codes every ack may carry (STYLE rule 2): an `as const` object, not an enum. */
export const ErrorCode = {
  BadRequest: "bad_request",
  Unauthenticated: "unauthenticated",
  Forbidden: "forbidden",
  NotFound: "not_found",
  Conflict: "conflict",
  RateLimited: "rate_limited",
  TooLarge: "payload_too_large",
  Unavailable: "unavailable",
  Internal: "internal",
  /** The client speaks another protocol version than the server: reload the page, do not retry. */
  ProtocolMismatch: "protocol_mismatch",
  /** An upload that is not an image of an accepted type, or is cut short or damaged (issue 12). */
  BadPhoto: "bad_photo",
  /** A report names a photo not uploaded (yet) to its operation: the phone keeps it "photo pending". */
  PhotoPending: "photo_pending",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AckError {
  code: ErrorCode;
  message: string;
  /** Field paths and messages, for a malformed payload. */
  issues?: { path: string; message: string }[];
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** A command refused by a domain rule or a permission check; carries a message for the user. */
export class Rejection extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "Rejection";
  }
}

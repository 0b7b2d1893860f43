import express, { type Request, type Response } from "express";
import { valuesOf } from "../../shared/collection";
import { IdempotencyKey } from "../../shared/commands";
import type { Role } from "../../shared/domain";
import { ErrorCode } from "../../shared/errors";
import type { OperationState } from "../../shared/state";
import type { AccessLog } from "../audit/accessLog";
import type { Accounts, User } from "../auth/accounts";
import { listingFor, maySee } from "../auth/operationAccess";
import { roleGate, sendError, userIn } from "../http/gate";
import type { Operations } from "../operations/operations";
import type { Budget } from "../socket/budget";
import { readMultipart, UploadError } from "./multipart";
import { type PhotoMeta, type PhotoStore, SHA256_HEX } from "./photoStore";
import { PhotoRejected, processPhoto, thumbnailOf } from "./processPhoto";
import { chargeUploads, OverBudget } from "./uploadCharge";

export interface PhotoRouteDeps {
  accounts: Accounts;
  ops: Operations;
  photos: PhotoStore;
  access: AccessLog;
  maxBytes: number;
  /** Each account's images a minute (UPLOADS_PER_MINUTE), shared with partners' evidence. */
  uploads: Budget;
}

/** Who may upload a photo: stewards for their reports, partners for their evidence, control for its own records. */
export const PHOTO_UPLOADERS: readonly Role[] = ["steward", "partner", "commander", "controller"];
/** Who may see any photo of an operation they may see. */
const PHOTO_READERS: readonly Role[] = ["gold", "commander", "bronze", "controller", "analyst"];

/** The answer to an upload (docs/protocol.md). */
export type PhotoReply = PhotoMeta & { key: string | null };

/**
 * Photos (issue 12 item 7): POST /api/operations/:opId/photos (multipart, one file in `photo`)
 * and GET /api/operations/:opId/photos/:sha256[?thumb=1]. Every refusal stores nothing.
 */
export function photoRouter(deps: PhotoRouteDeps): express.Router {
  const router = express.Router();
  const gate = roleGate(deps.accounts);

  router.post("/operations/:opId/photos", gate(...PHOTO_UPLOADERS), async (req, res) => {
    const opId = String(req.params.opId);
    const user = userIn(res);
    if (!operationFor(deps.ops, user, opId, res)) return;
    // The phone's own key for this step of its outbox: checked and echoed. The photo's hash makes
    // a resend harmless whatever the key, so the server keeps no record of it.
    const key = IdempotencyKey.optional().safeParse(req.headers["idempotency-key"]);
    if (!key.success) return sendError(res, 400, ErrorCode.BadRequest, "Idempotency-Key: 8–64 letters, digits and _.:- only.");
    try {
      await chargeUploads(deps.uploads, user.id);
      const meta = await receivePhoto(req, deps, opId);
      res.status(201).json({ ...meta, key: key.data ?? null } satisfies PhotoReply);
    } catch (err) {
      sendUploadError(res, err);
    }
  });

  router.get("/operations/:opId/photos/:sha256", gate(), async (req, res) => {
    const opId = String(req.params.opId);
    const sha256 = String(req.params.sha256);
    const user = userIn(res);
    const log = operationFor(deps.ops, user, opId, res);
    if (!log) return;
    if (!SHA256_HEX.test(sha256)) return sendError(res, 400, ErrorCode.BadRequest, "A photo is named by its SHA-256 (64 hex digits).");
    if (!mayView(user, log, sha256)) return sendError(res, 404, ErrorCode.NotFound, "No such photo, or not one you may see.");
    const thumb = req.query.thumb === "1";
    const body = thumb ? await deps.photos.thumb(opId, sha256, thumbnailOf) : (await deps.photos.get(opId, sha256))?.body;
    if (!body) return sendError(res, 404, ErrorCode.NotFound, "No such photo, or not one you may see.");
    await deps.access.record({ user, opId, action: thumb ? "photo.thumbnail" : "photo.view", target: sha256 });
    res.type("image/jpeg").send(body);
  });

  return router;
}

/** Receives one upload, checks it, re-encodes it and stores it; throws UploadError or PhotoRejected. */
export async function receivePhoto(req: Request, deps: Pick<PhotoRouteDeps, "photos" | "maxBytes">, opId: string): Promise<PhotoMeta> {
  const got = await readMultipart(req, { fileBytes: deps.maxBytes, files: 1, fields: 4, fieldBytes: 200 });
  const file = got.files[0];
  if (file?.field !== "photo") throw new UploadError(400, ErrorCode.BadRequest, "Send one file, in the field `photo`.");
  if (file.body.length === 0) throw new UploadError(400, ErrorCode.BadPhoto, "The photo is empty.");
  const photo = await processPhoto(file.body);
  await deps.photos.put(opId, photo);
  return photo.meta;
}

export function sendUploadError(res: Response, err: unknown): void {
  if (err instanceof OverBudget) res.setHeader("Retry-After", String(err.retryAfterS));
  if (err instanceof UploadError) sendError(res, err.status, err.code, err.message);
  else if (err instanceof PhotoRejected) sendError(res, 415, ErrorCode.BadPhoto, err.message);
  else throw err;
}

/**
 * The operation the user may use, or an error sent: they may see it (their list of operations),
 * and a steward with no list uses only the newest, the one their app opens (operationAccess.ts).
 */
export function operationFor(ops: Operations, user: User, opId: string, res: Response) {
  const log = ops.get(opId);
  if (!log?.state.operation) {
    sendError(res, 404, ErrorCode.NotFound, `No operation ${opId}.`);
    return null;
  }
  const listed = listingFor(
    user,
    ops
      .all()
      .flatMap((l) => (l.state.operation ? [l.state.operation] : []))
      .map(listingOf),
  );
  if (!maySee(user, opId) || !listed.some((o) => o.id === opId)) {
    sendError(res, 403, ErrorCode.Forbidden, "Your account may not use this operation.");
    return null;
  }
  return log;
}

const listingOf = (o: NonNullable<OperationState["operation"]>) => ({ id: o.id, openedAt: o.openedAt, seq: null });

/** Control and analysts see every photo of the operation; a steward or partner only those they sent. */
function mayView(user: User, log: { state: OperationState }, sha256: string): boolean {
  if (PHOTO_READERS.includes(user.role)) return true;
  if (user.role !== "steward" && user.role !== "partner") return false;
  return valuesOf(log.state.reports).some((r) => r.steward.userId === user.id && r.photos.some((p) => p.sha256 === sha256));
}

import express, { type Request, type Response } from "express";
import { CommandBodies, IdempotencyKey } from "../../shared/commands";
import { type Ack, ErrorCode } from "../../shared/errors";
import { namedPlace } from "../../shared/partnerEvidence";
import type { CommandResult } from "../../shared/protocol";
import type { VenuePlan } from "../../shared/venue";
import type { Accounts, User } from "../auth/accounts";
import { sendError, tokenOf } from "../http/gate";
import type { Operations } from "../operations/operations";
import { readMultipart, UploadError } from "../photos/multipart";
import { operationFor, sendUploadError } from "../photos/photoRoutes";
import type { PhotoStore } from "../photos/photoStore";
import { processPhoto } from "../photos/processPhoto";
import { chargeUploads } from "../photos/uploadCharge";
import type { Budget } from "../socket/budget";
import type { PartnerTokens } from "./partnerTokens";

export interface EvidenceRouteDeps {
  accounts: Accounts;
  ops: Operations;
  photos: PhotoStore;
  tokens: PartnerTokens;
  venues: ReadonlyMap<string, VenuePlan>;
  maxBytes: number;
  /** Each account's images a minute (UPLOADS_PER_MINUTE), shared with photos: per partner, whichever token it sends. */
  uploads: Budget;
}

/** At most this many files in one submission (the command's own limit). */
const MAX_FILES = 4;

/**
 * Partners' evidence (issue 12 item 8): POST /api/operations/:opId/evidence, multipart — up to
 * four images in `file`, and the fields `key`, `statement`, `submitter`, `occurredAt`, `placeId`
 * or `lat`+`lng`, `type`, `reference`. A partner's system sends it with its API token
 * (`Authorization: Bearer cpt_…`); the /partner web form with the partner's session. Every
 * file is checked and re-encoded, and the form checked, before anything is stored.
 */
export function evidenceRouter(deps: EvidenceRouteDeps): express.Router {
  const router = express.Router();
  router.post("/operations/:opId/evidence", async (req, res) => {
    const user = await partnerOf(req, res, deps);
    if (!user) return;
    const log = operationFor(deps.ops, user, String(req.params.opId), res);
    if (!log) return;
    try {
      // One image's worth before the body is read; the rest once their number is known, before any is decoded.
      await chargeUploads(deps.uploads, user.id);
      const got = await readMultipart(req, { fileBytes: deps.maxBytes, files: MAX_FILES, fields: 16, fieldBytes: 8000 });
      await chargeUploads(deps.uploads, user.id, got.files.length - 1);
      const key = IdempotencyKey.safeParse(got.fields.key);
      if (!key.success)
        throw new UploadError(400, ErrorCode.BadRequest, "key: 8–64 letters, digits and _.:- (your own, the same when you send again).");
      if (got.files.some((f) => f.field !== "file"))
        throw new UploadError(400, ErrorCode.BadRequest, "Send each image in the field `file`.");
      const processed = [];
      for (const f of got.files) processed.push({ name: f.filename, photo: await processPhoto(f.body) });
      const body = commandBody(
        got.fields,
        processed.map((p) => ({ sha256: p.photo.meta.sha256, name: p.name })),
      );
      const venue = deps.venues.get(log.state.operation?.venueId ?? "");
      if (body.placeId && venue && !namedPlace(venue, body.placeId))
        throw new UploadError(400, ErrorCode.BadRequest, `No place "${body.placeId}" in the ${venue.name} plan.`);
      for (const p of processed) await deps.photos.put(log.opId, p.photo);
      const result = await log.execute(
        {
          actor: { userId: user.id, role: user.role, name: user.name },
          unitId: null,
          photos: new Map(processed.map((p) => [p.photo.meta.sha256, { takenAt: p.photo.meta.takenAt }])),
        },
        { name: "evidence:submit", body },
        key.data,
      );
      reply(res, result, processed);
    } catch (err) {
      sendUploadError(res, err);
    }
  });
  return router;
}

/** The form's fields as the command's body, or a 400 naming each field that is wrong. */
function commandBody(fields: Record<string, string>, files: { sha256: string; name: string }[]) {
  const lat = fields.lat ? Number(fields.lat) : null;
  const lng = fields.lng ? Number(fields.lng) : null;
  const when = fields.occurredAt ?? "";
  const parsed = CommandBodies["evidence:submit"].safeParse({
    ...(fields.type ? { type: fields.type } : {}),
    statement: fields.statement ?? "",
    placeId: fields.placeId || null,
    location: lat !== null && lng !== null ? { lat, lng } : null,
    occurredAt: /^\d+$/.test(when) ? Number(when) : Date.parse(when),
    reference: fields.reference ?? "",
    submitter: fields.submitter ?? "",
    files,
  });
  if (!parsed.success)
    throw new UploadError(
      400,
      ErrorCode.BadRequest,
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return parsed.data;
}

const STATUS: Record<string, number> = { bad_request: 400, forbidden: 403, not_found: 404, rate_limited: 429, unavailable: 503 };

function reply(res: Response, result: Ack<CommandResult>, processed: { name: string; photo: { meta: object } }[]): void {
  if (!result.ok) {
    sendError(res, STATUS[result.error.code] ?? 409, result.error.code, result.error.message);
    return;
  }
  res.status(result.data.duplicate ? 200 : 201).json({
    seq: result.data.seq,
    duplicate: result.data.duplicate,
    files: processed.map((p) => ({ name: p.name, ...p.photo.meta })),
  });
}

/**
 * The partner calling: by API token, or by a partner's session (the web form); else an error sent.
 * Also the gate of partners' METHANE view (methaneRoutes.ts), which says what was refused.
 */
export async function partnerOf(
  req: Request,
  res: Response,
  deps: Pick<EvidenceRouteDeps, "accounts" | "tokens">,
  doing = "send partners' evidence",
): Promise<User | null> {
  const auth = req.headers.authorization ?? "";
  const bearer = auth.startsWith("Bearer ") ? auth.slice(7).trim() : null;
  const userId = bearer ? await deps.tokens.userOf(bearer) : null;
  const user = bearer ? (userId ? await deps.accounts.byId(userId) : null) : await deps.accounts.session(tokenOf(req));
  if (!user || user.disabled) {
    sendError(
      res,
      401,
      ErrorCode.Unauthenticated,
      bearer ? "That API token is not valid (unknown or revoked)." : "Sign in, or send an API token.",
    );
    return null;
  }
  if (user.role !== "partner") {
    sendError(res, 403, ErrorCode.Forbidden, `A ${user.role} may not ${doing}.`);
    return null;
  }
  return user;
}

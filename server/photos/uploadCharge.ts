import { ErrorCode } from "../../shared/errors";
import type { Budget } from "../socket/budget";
import { UploadError } from "./multipart";

/** An upload refused because its account has used its budget: 429, with when to try again. */
export class OverBudget extends UploadError {
  constructor(
    /** Whole seconds to wait, at least 1: the `Retry-After` header. */
    readonly retryAfterS: number,
    limit: number,
  ) {
    super(
      429,
      ErrorCode.RateLimited,
      `Too many uploads from your account: at most ${limit} images a minute. Try again in ${retryAfterS} s; nothing was kept.`,
    );
  }
}

/**
 * Charges `count` images to the account's upload budget (UPLOADS_PER_MINUTE), one point each;
 * throws OverBudget at the first refused. Called before the body is read (and, for more files than
 * the one already charged, before any is decoded), so a flood costs no re-encoding and stores nothing.
 */
export async function chargeUploads(budget: Budget, accountId: string, count = 1): Promise<void> {
  for (let i = 0; i < count; i++) {
    const verdict = await budget.take(accountId);
    if (!verdict.ok) throw new OverBudget(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)), verdict.limit);
  }
}

import { z } from "zod";

/**
 * A command a phone sent that the server refused for good (issue 12 item 1): what control sees of
 * a report, status, note or receipt that the phone keeps marked refused (spec O3, O16).
 */
export const RefusedSubmission = z.object({
  id: z.number().int(),
  /** Real time (ms) the refusal was recorded. */
  at: z.number().int(),
  userId: z.string(),
  userName: z.string(),
  role: z.string(),
  /** The operation the entry named: perhaps closed or unknown. */
  opId: z.string(),
  command: z.string(),
  key: z.string(),
  /** The command's body as JSON, cut at a bound (`truncated` says so). */
  body: z.string(),
  truncated: z.boolean(),
  code: z.string(),
  message: z.string(),
});
export type RefusedSubmission = z.infer<typeof RefusedSubmission>;

/** `GET /api/refused-submissions`: a page, newest first, and how many match in all. */
export const RefusedPage = z.object({ entries: z.array(RefusedSubmission), total: z.number().int() });
export type RefusedPage = z.infer<typeof RefusedPage>;

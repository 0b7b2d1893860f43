import { z } from "zod";
import { Id } from "./events";

/** A cumulative count (people through since the gates opened): whole, never negative. */
const Count = z.number().int().min(0).max(200_000);
/** People waiting outside the group's turnstiles, as estimated. */
const Queue = z.number().int().min(0).max(50_000);

/** One reading from the turnstile system's feed (POST /api/operations/:opId/counts). */
export const FeedCountInput = z.object({
  groupId: Id,
  /** When the turnstiles were read (ms since the epoch). */
  at: z.number().int().min(0),
  count: Count,
  queue: Queue.nullable().default(null),
});

/** At most 200 readings a post: the fifteen groups of Wembley a few times over, well within 64 KB. */
export const FeedCountBatch = z.object({ counts: z.array(FeedCountInput).min(1).max(200) });

/** A steward's gate count (socket `count:report`): the bank's counter, the queue, or both; timed by the server. */
export const StewardCountReport = z
  .object({ opId: Id, groupId: Id, count: Count.optional(), queue: Queue.optional() })
  .refine((r) => r.count !== undefined || r.queue !== undefined, "a gate count needs a count, a queue length or both");
export type StewardCountReport = z.input<typeof StewardCountReport>;

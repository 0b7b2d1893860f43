import { createOutboxDrain } from "../sync/outboxDrain";
import { httpSend } from "./httpSend";
import type { OutboxStorage } from "./outboxEntry";
import { httpUploadPhoto } from "./photoUpload";

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface WorkerDrainDeps {
  fetch: Fetch;
  /** The outbox of one person (idbOutbox in the worker, a Map in tests). */
  storageOf(userId: string): OutboxStorage;
  now(): number;
}

export interface WorkerDrainResult {
  /** Whose entries were sent: the person whose session cookie this browser holds; null when none. */
  userId: string | null;
  sent: number;
  refused: number;
  /** Still pending after this drain (no signal, server busy): the browser should try again. */
  left: number;
}

/**
 * What the service worker does on a Background Sync wake-up: asks the server who is signed in on
 * this browser, then sends that person's pending entries, each to its own operation, with the same
 * drain as the page (sync/outboxDrain.ts) over HTTP. Another person's entries stay on the phone:
 * sent with this session they would carry the wrong name.
 */
export async function drainInWorker(deps: WorkerDrainDeps): Promise<WorkerDrainResult> {
  const userId = await signedInUser(deps.fetch);
  if (!userId) return { userId: null, sent: 0, refused: 0, left: 0 };
  const storage = deps.storageOf(userId);
  const counts = { sent: 0, refused: 0 };
  const drain = createOutboxDrain({
    storage,
    send: httpSend(deps.fetch),
    // A report's photos go first, over the same fetch, each with its own key.
    upload: httpUploadPhoto(deps.fetch),
    now: deps.now,
    onChange: (c) => {
      if (c.state === "sent") counts.sent++;
      if (c.state === "refused") counts.refused++;
    },
  });
  await (await drain.drain()).done;
  const left = (await storage.list()).filter((e) => e.state === "pending").length;
  return { userId, ...counts, left };
}

/** The signed-in user's id, or null (signed out); throws when the server cannot be reached. */
async function signedInUser(fetchFn: Fetch): Promise<string | null> {
  const res = await fetchFn("/api/session", { method: "GET", credentials: "same-origin", headers: { Accept: "application/json" } });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`session check answered ${res.status}`);
  const reply = (await res.json()) as { user?: { id?: string } };
  return reply.user?.id ?? null;
}

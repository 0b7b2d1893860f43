import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { requestBackgroundSync, signOutSyncTag } from "./backgroundSync";

/**
 * A sign-out made with no signal (issue 12 item 6). The phone is cleared at once, but the session
 * cookie is HttpOnly: only the server can end it. So the sign-out waits here, in IndexedDB where
 * the service worker can read it too, and `DELETE /api/session` is sent when the phone is next
 * online: on the next page load, on the `online` event, or by the worker's Background Sync.
 */
interface SignOutDb extends DBSchema {
  pending: { key: string; value: { userId: string; at: number } };
}

let opened: Promise<IDBPDatabase<SignOutDb>> | null = null;
const db = () => {
  opened ??= openDB<SignOutDb>("cordon-sign-out", 1, {
    upgrade(d) {
      d.createObjectStore("pending", { keyPath: "userId" });
    },
  });
  return opened;
};

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface SignOutQueue {
  add(userId: string, at: number): Promise<void>;
  list(): Promise<{ userId: string; at: number }[]>;
  remove(userId: string): Promise<void>;
}

export const idbSignOuts: SignOutQueue = {
  add: async (userId, at) => void (await (await db()).put("pending", { userId, at })),
  list: async () => (await db()).getAll("pending"),
  remove: async (userId) => (await db()).delete("pending", userId),
};

/**
 * Ends the server sessions of queued sign-outs. Only the session of the person who signed out:
 * if someone else has signed in on this phone since, theirs is left alone (the queued one is then
 * dropped: its cookie was replaced, and it ends by expiry). Returns how many are still queued
 * (no signal yet).
 */
export async function settleSignOuts(fetchFn: Fetch, queue: SignOutQueue = idbSignOuts): Promise<number> {
  const waiting = await queue.list().catch(() => []);
  let left = 0;
  for (const p of waiting) {
    try {
      const who = await fetchFn("/api/session", { method: "GET", credentials: "same-origin", headers: { Accept: "application/json" } });
      const user = who.ok ? ((await who.json()) as { user?: { id?: string } }).user?.id : null;
      if (user === p.userId) {
        const out = await fetchFn("/api/session", { method: "DELETE", credentials: "same-origin" });
        if (!out.ok) throw new Error(`sign-out answered ${out.status}`);
      } else if (!who.ok && who.status !== 401) throw new Error(`session check answered ${who.status}`);
      await queue.remove(p.userId);
    } catch {
      left++;
    }
  }
  return left;
}

/**
 * Queues the sign-out of `userId` made while the server could not be reached, and sends it as
 * soon as it can: on the `online` event here, and by the service worker's Background Sync.
 */
export async function queueSignOut(userId: string, at: number): Promise<void> {
  await idbSignOuts.add(userId, at).catch(() => undefined);
  const send = () => void settleSignOuts((u, i) => fetch(u, i));
  window.addEventListener("online", send, { once: true });
  await requestBackgroundSync(signOutSyncTag);
}

/**
 * Background Sync (Chromium only): the browser wakes the service worker when the network returns,
 * even with every Cordon tab closed, and the worker drains the outbox over HTTP (sw.ts). Other
 * browsers have no such promise: the page drains on open, on network return and on reconnect.
 */
export const backgroundSyncTag = "cordon-outbox";
/** The tag of a sign-out made offline: the worker ends the server session when signal returns. */
export const signOutSyncTag = "cordon-sign-out";

type SyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/** Asks for a wake-up; true only when the browser accepted it (so the app may say "you can close it"). */
export async function requestBackgroundSync(tag: string): Promise<boolean> {
  const sw = navigator.serviceWorker;
  if (!sw?.controller) return false;
  try {
    const reg = (await sw.ready) as SyncRegistration;
    if (!reg.sync) return false;
    await reg.sync.register(tag);
    return true;
  } catch {
    return false;
  }
}

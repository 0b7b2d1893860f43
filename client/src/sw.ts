/**
 * Cordon's service worker (vite-plugin-pwa, injectManifest): it precaches the app shell so a phone
 * that loaded the app once opens it with no network, and, where the browser has Background Sync
 * (Chromium), sends the outbox and a queued sign-out when the network returns, even with every
 * Cordon tab closed. Nothing under /api or /socket.io is cached: live data comes only from the server.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { backgroundSyncTag, signOutSyncTag } from "./outbox/backgroundSync";
import { idbOutbox } from "./outbox/outboxStore";
import { settleSignOuts } from "./outbox/pendingSignOut";
import { drainInWorker } from "./outbox/workerDrain";

// The DOM lib has no service worker types; these are the parts used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
  tag: string;
}
interface WorkerScope {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
  clients: { matchAll(o: { type: "window" }): Promise<{ postMessage(m: unknown): void }[]> };
  addEventListener(type: "sync", listener: (e: SyncEvent) => void): void;
}
declare const self: WorkerScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: [/^\/api\//, /^\/socket\.io\//, /^\/metrics/, /^\/healthz/, /^\/readyz/],
  }),
);
// The first visit's page is controlled at once, not only after a reload. No skipWaiting: a new
// version waits until every Cordon tab is closed (an open page keeps its own version's chunks).
clientsClaim();

/** Tells open pages to read the outbox again (what was sent here is gone from IndexedDB). */
async function tellPages(): Promise<void> {
  for (const page of await self.clients.matchAll({ type: "window" })) page.postMessage({ type: "cordon-outbox-sync" });
}

self.addEventListener("sync", (event) => {
  if (event.tag === backgroundSyncTag) {
    // A rejected promise asks the browser to fire the sync again later (with its own back-off).
    event.waitUntil(
      drainInWorker({ fetch: (u, i) => fetch(u, i), storageOf: idbOutbox, now: Date.now }).then(async (r) => {
        await tellPages();
        if (r.left > 0) throw new Error(`${r.left} entries still waiting`);
      }),
    );
  } else if (event.tag === signOutSyncTag) {
    event.waitUntil(
      settleSignOuts((u, i) => fetch(u, i)).then((left) => {
        if (left > 0) throw new Error("sign-out still waiting");
      }),
    );
  }
});

// Imported by the generated service worker. Background Sync (Chromium only) wakes the worker when
// the network returns; it tells every open Cordon page to drain its outbox now. The pages also
// drain on their own when they open, come online and reconnect, so this is only an extra.
self.addEventListener("sync", (event) => {
  if (event.tag !== "cordon-outbox") return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((pages) => {
      for (const page of pages) page.postMessage({ type: "cordon-outbox-sync" });
    }),
  );
});

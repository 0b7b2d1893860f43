import type { ClientRequest, IncomingMessage } from "node:http";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const server = "http://127.0.0.1:3000";

type DevProxy = {
  on(event: "proxyReq" | "proxyReqWs", listener: (proxyReq: ClientRequest, req: IncomingMessage) => void): void;
};

/** Rewrites the Origin of this dev page's own requests to the server's origin. */
function asOwnOrigin(proxy: DevProxy): void {
  const rewrite = (proxyReq: ClientRequest, req: IncomingMessage) => {
    if (req.headers.origin && req.headers.origin === `http://${req.headers.host}`) proxyReq.setHeader("origin", server);
  };
  proxy.on("proxyReq", rewrite);
  proxy.on("proxyReqWs", rewrite);
}

/**
 * The client lives in client/ and builds to dist/client, which the server serves.
 * In development `vite` proxies the API and the socket to a server on port 3000.
 *
 * The build is an installable PWA (issue 4): a service worker precaches the app shell, so a
 * steward's phone that loaded it once opens it again with no network. Nothing under /api or
 * /socket.io is ever cached: live data comes only from the server.
 */
export default defineConfig({
  root: "client",
  plugins: [
    react(),
    VitePWA({
      // main.tsx registers the worker, in production builds only. A new version waits until
      // every Cordon tab is closed: an open page keeps the chunks its own version precached.
      registerType: "prompt",
      injectRegister: false,
      manifest: {
        name: "Cordon Steward",
        short_name: "Cordon",
        description: "Report incidents to the match control room, with or without signal.",
        start_url: "/steward",
        scope: "/",
        display: "standalone",
        background_color: "#e8ecf1",
        theme_color: "#18212c",
        icons: [
          { src: "/icons/cordon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/cordon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          // The badge sits well inside the 80 % safe zone, so the same image serves as maskable.
          { src: "/icons/cordon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      // Our own worker (client/src/sw.ts): the precache as before, plus Background Sync, which
      // sends the outbox and a queued sign-out over HTTP with every tab closed (issue 12).
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectManifest: {
        // The manifest and its icons are added by the plugin itself.
        globPatterns: ["**/*.{js,css,html}"],
        // Replay is desktop-only and needs the server for every frame: no phone should download it.
        globIgnores: ["**/ReplayView-*"],
        // The control board's map bundle is large; precache it too so every view opens offline.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // One classic script: the worker is registered without type "module".
        rollupFormat: "iife",
        // No map of the service worker either.
        sourcemap: false,
      },
    }),
  ],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // No source maps in the production build (issue 8): they would publish the whole client
    // source. The server refuses any *.map besides.
    sourcemap: false,
  },
  server: {
    // The server answers only to its own Host and Origin (issue 8: DNS rebinding, cross-origin
    // POSTs). Requests from this dev page are passed on as if from the server's own origin; any
    // other Origin is passed on unchanged, so the server still refuses it.
    proxy: {
      "/api": { target: server, changeOrigin: true, configure: asOwnOrigin },
      "/socket.io": { target: server, ws: true, changeOrigin: true, configure: asOwnOrigin },
    },
  },
});

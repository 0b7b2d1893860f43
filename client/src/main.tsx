import "./styles/base.css";
import "./styles/widgets.css";
import "./styles/control.css";
import "./styles/incident.css";
import "./styles/panels.css";
import "./styles/dispatch.css";
import "./styles/mobile.css";
import "./styles/unit.css";
import "./styles/connection.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The service worker (vite-plugin-pwa) lets the steward app open with no network. Production
// builds only: the dev server serves modules that are never precached.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}

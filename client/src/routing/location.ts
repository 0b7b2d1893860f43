import { useSyncExternalStore } from "react";
import type { Role } from "../../../shared/domain";

/** Path routing by hand: the app has five pages and needs no router library. */
export type Route = "/" | "/control" | "/steward" | "/unit" | "/replay" | "/admin" | "/admin/access" | "/partner";

const ROUTES: readonly Route[] = ["/", "/control", "/steward", "/unit", "/replay", "/admin", "/admin/access", "/partner"];
const CHANGE = "cordon:navigate";

export function routeOf(pathname: string): Route | null {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return ROUTES.find((r) => r === trimmed) ?? null;
}

/** Where each role lands after sign-in; the only view it may use. */
export function homeOf(role: Role): Route {
  switch (role) {
    case "gold":
    case "commander":
    case "bronze":
    case "controller":
      return "/control";
    case "steward":
      return "/steward";
    case "officer":
      return "/unit";
    case "analyst":
      return "/replay";
    case "admin":
      return "/admin";
    case "partner":
      return "/partner";
  }
}

/** A role's home, and replay for the roles that may open it (issue 3: analysts and command). */
export function mayVisit(role: Role, route: Route | null): boolean {
  return (
    route === homeOf(role) ||
    // Replay shows the whole log: not a Bronze's (their board holds their sector's units only).
    (route === "/replay" && (role === "gold" || role === "commander" || role === "controller")) ||
    // The access log (issue 8 item 7) is an admin's second page.
    (route === "/admin/access" && role === "admin")
  );
}

/** Changes the page; `replace` for redirects, so Back does not bounce through them. */
export function navigate(to: string, { replace = false } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** `?op=ID` picks an operation other than the newest. */
export function requestedOpId(): string | null {
  return new URLSearchParams(window.location.search).get("op");
}

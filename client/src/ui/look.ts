import { useEffect, useSyncExternalStore } from "react";

/**
 * How the control board looks on this screen: dark or light, normal or wall density. Each screen
 * remembers its own choice (localStorage), so the video wall and a desk can differ. The choice
 * is applied to <html> as data-theme / data-density only while the board is on screen; every
 * other view (steward and unit phones, replay, admin) keeps the light theme and normal type.
 */
export type Theme = "dark" | "light";
export type Density = "normal" | "wall";

export interface Look {
  theme: Theme;
  density: Density;
  /** True while the control board is mounted: only then does the choice apply. */
  onBoard: boolean;
}

export const THEME_KEY = "cordon.board.theme";
export const DENSITY_KEY = "cordon.board.density";

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = window.localStorage.getItem(key);
    return allowed.find((a) => a === value) ?? fallback;
  } catch {
    // Storage can be refused (private mode, policy): the default is a fine answer.
    return fallback;
  }
}

function remember(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not remembered across a reload, but it still applies now.
  }
}

let look: Look = {
  // Control rooms are dim: the board opens dark unless this screen chose light.
  theme: stored<Theme>(THEME_KEY, ["dark", "light"], "dark"),
  density: stored<Density>(DENSITY_KEY, ["normal", "wall"], "normal"),
  // This module loads with the board's code, just before the board first renders: applying the
  // look now lets the map measure its final size and spares a light flash on a dark wall.
  onBoard: window.location.pathname.startsWith("/control"),
};
applyToDocument(look);
const listeners = new Set<() => void>();

function update(next: Partial<Look>): void {
  look = { ...look, ...next };
  applyToDocument(look);
  for (const listener of listeners) listener();
}

function applyToDocument(l: Look): void {
  const root = document.documentElement;
  root.dataset.theme = l.onBoard ? l.theme : "light";
  root.dataset.density = l.onBoard ? l.density : "normal";
}

export function setTheme(theme: Theme): void {
  remember(THEME_KEY, theme);
  update({ theme });
}

export function setDensity(density: Density): void {
  remember(DENSITY_KEY, density);
  update({ density });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLook(): Look {
  return useSyncExternalStore(subscribe, () => look);
}

/** The theme the map must draw its canvas layers in (canvas paths cannot read CSS variables). */
export function useAppliedTheme(): Theme {
  const l = useLook();
  return l.onBoard ? l.theme : "light";
}

/** The board's look applies while the calling component (the board header) is mounted. */
export function useBoardLook(): void {
  useEffect(function applyBoardLook() {
    update({ onBoard: true });
    return () => update({ onBoard: false });
  }, []);
}

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional online tile layer, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. Unset: vector plan only. */
  readonly VITE_TILE_URL?: string;
  readonly VITE_TILE_ATTRIBUTION?: string;
}

import type { Migration } from "./migrations";

/** Replay's own indexes and tables (versions 300–399). */
export const REPLAY_MIGRATIONS: readonly Migration[] = [];

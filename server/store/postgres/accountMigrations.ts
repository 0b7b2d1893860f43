import type { Migration } from "./migrations";

/** Accounts, sessions, account changes and the access log (versions 200–299). */
export const ACCOUNT_MIGRATIONS: readonly Migration[] = [];

import type { Migration } from "./migrations";

/**
 * Replay's own indexes and tables (versions 300–399), over the base tables of
 * eventMigrations.ts. Position keyframes are a cache of the `fixes` track (dropping them loses
 * only speed). To know which fixes a keyframe build has seen, each fix records the transaction
 * that stored it (`tx`): every transaction below a snapshot's xmin has ended, so "tx < mark" is
 * a set of fixes that can no longer grow, whatever order several writers commit in. `id` breaks
 * ties between fixes of one time (the later stored wins), as the rowid does in SQLite.
 */
export const REPLAY_MIGRATIONS: readonly Migration[] = [
  {
    version: 300,
    name: "replay: position keyframes, fixes by transaction",
    sql: `
ALTER TABLE fixes ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE fixes ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX fixes_by_tx ON fixes (op_id, tx);
CREATE TABLE position_keyframes (
  op_id text    NOT NULL,
  at    bigint  NOT NULL,
  units integer NOT NULL,
  data  bytea   NOT NULL,
  PRIMARY KEY (op_id, at)
);
CREATE TABLE position_keyframe_marks (
  op_id   text   PRIMARY KEY,
  tx_mark bigint NOT NULL
);
`,
  },
];

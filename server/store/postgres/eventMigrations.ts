import type { Migration } from "./migrations";

/** The event log, its heads, snapshots and position tracks (versions 100–199). */
export const EVENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 100,
    name: "event log",
    sql: `
CREATE TABLE events (
  op_id     text   NOT NULL,
  seq       bigint NOT NULL,
  id        text   NOT NULL UNIQUE,
  type      text   NOT NULL,
  at        bigint NOT NULL,
  user_id   text   NOT NULL,
  idem_key  text   NOT NULL,
  body      text   NOT NULL,
  prev_hash text   NOT NULL,
  hash      text   NOT NULL,
  PRIMARY KEY (op_id, seq),
  UNIQUE (op_id, idem_key)
);
-- One row per operation: appends take it (an upsert guarded by the expected head), so appends
-- to one operation are serialised and seq order is commit order (DESIGN §3).
CREATE TABLE op_heads (
  op_id text   PRIMARY KEY,
  seq   bigint NOT NULL,
  hash  text   NOT NULL
);
CREATE TABLE snapshots (
  op_id text   NOT NULL,
  seq   bigint NOT NULL,
  state text   NOT NULL,
  PRIMARY KEY (op_id, seq)
);
CREATE TABLE fixes (
  op_id       text             NOT NULL,
  unit_id     text             NOT NULL,
  at          bigint           NOT NULL,
  lat         double precision NOT NULL,
  lng         double precision NOT NULL,
  heading     real,
  speed       real,
  accuracy    real,
  received_at bigint           NOT NULL
);
CREATE INDEX fixes_by_time ON fixes (op_id, at);
CREATE INDEX fixes_by_unit ON fixes (op_id, unit_id, at);
`,
  },
  {
    version: 110,
    name: "telemetry: turnstile counts (issue 11 item 7)",
    sql: `
CREATE TABLE gate_counts (
  id          bigint  GENERATED ALWAYS AS IDENTITY,
  op_id       text    NOT NULL,
  group_id    text    NOT NULL,
  at          bigint  NOT NULL,
  count       integer,
  queue       integer,
  source      text    NOT NULL,
  by          text,
  received_at bigint  NOT NULL
);
CREATE INDEX gate_counts_by_time ON gate_counts (op_id, at);
CREATE INDEX gate_counts_by_group ON gate_counts (op_id, group_id, source, at);
`,
  },
];

import type { Migration } from "./migrations";

/** Accounts, sessions, account changes and the access log (versions 200–299). */
export const ACCOUNT_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    name: "accounts and sessions",
    sql: `
CREATE TABLE users (
  id            text    PRIMARY KEY,
  username      text    NOT NULL UNIQUE,
  name          text    NOT NULL,
  role          text    NOT NULL,
  sector        text,
  unit_id       text,
  post          text,
  password_hash text    NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  operations    jsonb   NOT NULL DEFAULT '[]'
);
-- Only a hash of each session token is stored (DESIGN §8).
CREATE TABLE sessions (
  token_hash   text   PRIMARY KEY,
  user_id      text   NOT NULL REFERENCES users(id),
  created_at   bigint NOT NULL,
  expires_at   bigint NOT NULL,
  last_seen_at bigint
);
CREATE INDEX sessions_by_user ON sessions (user_id);
-- The feed every process's session sweep reads once a second: sign-outs and rights changes.
CREATE TABLE account_changes (
  id         bigserial PRIMARY KEY,
  at         bigint    NOT NULL,
  user_id    text      NOT NULL,
  token_hash text,
  reason     text      NOT NULL
);
CREATE INDEX account_changes_by_at ON account_changes (at);
`,
  },
  {
    version: 201,
    name: "access log, append-only",
    sql: `
CREATE TABLE access_log (
  id        bigserial PRIMARY KEY,
  at        bigint    NOT NULL,
  user_id   text      NOT NULL,
  user_name text      NOT NULL,
  role      text      NOT NULL,
  op_id     text      NOT NULL,
  action    text      NOT NULL,
  target    text,
  reason    text,
  recipient text,
  detail    text
);
CREATE INDEX access_log_by_op ON access_log (op_id, at);
CREATE INDEX access_log_by_user ON access_log (user_id, at);
CREATE INDEX access_log_by_at ON access_log (at);
-- Nobody alters the record of who looked at what (DPA 2018 s.62), as in SQLite: the database
-- itself refuses UPDATE and DELETE, and TRUNCATE, which SQLite does not have.
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END $$;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();
`,
  },
  {
    version: 202,
    name: "refused submissions from phones, append-only",
    sql: `
-- What a phone sent that was refused for good (issue 12 item 1), kept for control: once per (user, key).
CREATE TABLE refused_submissions (
  id        bigserial PRIMARY KEY,
  at        bigint    NOT NULL,
  user_id   text      NOT NULL,
  user_name text      NOT NULL,
  role      text      NOT NULL,
  op_id     text      NOT NULL,
  command   text      NOT NULL,
  idem_key  text      NOT NULL,
  body      text      NOT NULL,
  truncated boolean   NOT NULL,
  code      text      NOT NULL,
  message   text      NOT NULL,
  UNIQUE (user_id, idem_key)
);
CREATE INDEX refused_submissions_by_op ON refused_submissions (op_id, id);
CREATE FUNCTION refused_submissions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'refused submissions are append-only';
END $$;
CREATE TRIGGER refused_submissions_no_update BEFORE UPDATE OR DELETE ON refused_submissions
  FOR EACH ROW EXECUTE FUNCTION refused_submissions_append_only();
CREATE TRIGGER refused_submissions_no_truncate BEFORE TRUNCATE ON refused_submissions
  FOR EACH STATEMENT EXECUTE FUNCTION refused_submissions_append_only();
`,
  },
];

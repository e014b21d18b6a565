// Day 12: durable background jobs, and the outbox their handlers write to.
// unique_key lets a recurring job exist only once while pending or running.
export const sql = `
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  type         TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at       TEXT    NOT NULL,
  unique_key   TEXT,
  last_error   TEXT,
  created_at   TEXT    NOT NULL,
  updated_at   TEXT    NOT NULL
) STRICT;

CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE UNIQUE INDEX jobs_unique_active ON jobs (unique_key)
  WHERE unique_key IS NOT NULL AND status IN ('pending', 'running');

-- Messages waiting for delivery (the welcome e-mail). dedupe_key makes job retries idempotent.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  dedupe_key TEXT    NOT NULL UNIQUE,
  recipient  TEXT    NOT NULL,
  subject    TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  sent_at    TEXT
) STRICT;
`;

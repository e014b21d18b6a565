// Timestamps are ISO-8601 UTC strings from the injected clock; they sort correctly as text.
export const sql = `
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
  name          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'editor', 'user')),
  created_at    TEXT    NOT NULL,
  updated_at    TEXT    NOT NULL
) STRICT;

CREATE INDEX users_role ON users (role);

-- Refresh tokens are stored as SHA-256 hashes only. A family is one login session: every
-- rotation adds a row to it, and presenting a rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   TEXT    NOT NULL,
  token_hash  TEXT    NOT NULL UNIQUE,
  expires_at  TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  rotated_at  TEXT,
  revoked_at  TEXT
) STRICT;

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
  description TEXT    NOT NULL DEFAULT '',
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX products_price ON products (price_cents);
CREATE INDEX products_created ON products (created_at);

CREATE TABLE posts (
  id         INTEGER PRIMARY KEY,
  title      TEXT    NOT NULL,
  body       TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
  author_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT    NOT NULL,
  updated_at TEXT    NOT NULL
) STRICT;

CREATE INDEX posts_status_created ON posts (status, created_at);
CREATE INDEX posts_author ON posts (author_id);

-- Durable background jobs. unique_key lets a recurring job exist only once while pending.
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

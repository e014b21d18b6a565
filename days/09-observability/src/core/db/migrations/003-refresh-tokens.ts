// Day 6: refresh tokens, stored as SHA-256 hashes only. A family is one login session: every
// rotation adds a row to it, and presenting a rotated token revokes the whole family.
export const sql = `
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
`;

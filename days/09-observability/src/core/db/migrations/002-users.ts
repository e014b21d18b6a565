// Day 6: users move from memory into the database, with a password hash (bcrypt) and a role.
// Emails compare case-insensitively (COLLATE NOCASE), so one address cannot register twice.
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
`;

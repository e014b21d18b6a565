// Day 7: posts with an owner. Deleting a user deletes their posts (ON DELETE CASCADE).
export const sql = `
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
`;

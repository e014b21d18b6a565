// Day 13: a version number per cached dataset, bumped by triggers on every write to its table,
// in the same transaction as the write. Any process sharing the database file (another
// instance, an admin's sqlite3 shell) bumps it too, so a cache keyed on it can never serve a
// list that misses a committed change: see ListCache.
export const sql = `
CREATE TABLE data_versions (
  name    TEXT    PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO data_versions (name, version) VALUES ('products', 0);

CREATE TRIGGER products_version_after_insert AFTER INSERT ON products
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'products';
END;

CREATE TRIGGER products_version_after_update AFTER UPDATE ON products
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'products';
END;

CREATE TRIGGER products_version_after_delete AFTER DELETE ON products
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'products';
END;
`;

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../src/core/db/database';

describe('exercise 5.2: openDatabase configures the connection for a web server', () => {
  let dir: string;
  let db: Database | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-db-'));
  });

  afterEach(() => {
    db?.close();
    db = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the WAL journal, so readers never wait for the writer', () => {
    db = openDatabase(path.join(dir, 'app.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('uses synchronous = NORMAL (1), safe with WAL and far fewer fsyncs than FULL', () => {
    db = openDatabase(path.join(dir, 'app.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('enforces foreign keys, which SQLite leaves off by default', () => {
    db = openDatabase(path.join(dir, 'app.db'));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('waits up to 5 s for a lock held by another connection instead of failing at once', () => {
    db = openDatabase(path.join(dir, 'app.db'));
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('creates the folder of a new database file', () => {
    db = openDatabase(path.join(dir, 'nested', 'data', 'app.db'));
    expect(fs.existsSync(path.join(dir, 'nested', 'data', 'app.db'))).toBe(true);
  });
});

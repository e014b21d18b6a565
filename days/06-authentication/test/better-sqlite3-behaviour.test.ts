// What the lesson says better-sqlite3 and its bundled SQLite do by themselves. These are
// properties of the pinned package version (better-sqlite3 12), not of this course's code: if
// an upgrade changes one, this file fails and the lesson needs a new sentence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

describe('better-sqlite3 12, as the lesson describes it', () => {
  let dir: string;
  const opened: BetterSqlite3.Database[] = [];
  const open = (name: string, options?: BetterSqlite3.Options) => {
    const db = new BetterSqlite3(name === ':memory:' ? name : path.join(dir, name), options);
    opened.push(db);
    return db;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-driver-'));
  });

  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bundles SQLite 3.35 or later, so RETURNING works', () => {
    const db = open(':memory:');
    const { version } = db.prepare('SELECT sqlite_version() AS version').get() as {
      version: string;
    };
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(3035);
  });

  it('enforces foreign keys and waits 5 s for a lock unless told otherwise (stock SQLite does neither)', () => {
    const db = open('app.db');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('defaults to synchronous NORMAL in WAL mode, once the connection has read the file', () => {
    const db = open('app.db');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL, with the rollback journal
    db.pragma('journal_mode = WAL');
    // The connection that switched the file still shows FULL until it next reads the file...
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    // ...and from then on commits with NORMAL (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1), as does any
    // connection that opens the file later.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(open('app.db').pragma('synchronous', { simple: true })).toBe(1);
  });

  it('keeps an in-memory database out of WAL mode', () => {
    expect(open(':memory:').pragma('journal_mode = WAL', { simple: true })).toBe('memory');
  });

  it('refuses every statement once the connection is closed', () => {
    const db = open(':memory:');
    db.close();
    expect(db.open).toBe(false);
    // The addon's errors come from another realm than Jest's: compare name and message.
    expect(() => db.prepare('SELECT 1')).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        message: 'The database connection is not open',
      }),
    );
  });

  it('throws for a missing named parameter and ignores an extra one', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE t (a INTEGER, b INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (@a, @b)');
    expect(() => insert.run({ a: 1 })).toThrow(
      expect.objectContaining({ name: 'RangeError', message: 'Missing named parameter "b"' }),
    );
    expect(insert.run({ a: 1, b: 2, c: 3 }).changes).toBe(1);
  });

  it('rolls back and throws when a transaction function returns a promise', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const asyncWork = db.transaction(async () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
    });
    expect(() => asyncWork()).toThrow(
      new TypeError('Transaction function cannot return a promise'),
    );
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('refuses a value of the wrong type in a STRICT table with SQLITE_CONSTRAINT_DATATYPE', () => {
    const db = open(':memory:');
    db.exec('CREATE TABLE t (cents INTEGER NOT NULL) STRICT');
    for (const value of ['abc', 19.99]) {
      expect(() => db.prepare('INSERT INTO t VALUES (?)').run(value)).toThrow(
        expect.objectContaining({ code: 'SQLITE_CONSTRAINT_DATATYPE' }),
      );
    }
  });

  it('calls the verbose function just before it runs each statement (test/another-process.ts relies on it)', () => {
    const other = open('app.db');
    other.exec('CREATE TABLE t (x INTEGER)');
    const rows = () => (other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    const seen: string[] = [];
    const db = open('app.db', { verbose: (sql) => seen.push(`${String(sql)} [rows: ${rows()}]`) });
    db.prepare('INSERT INTO t VALUES (1)').run();
    db.transaction(() => db.prepare('SELECT x FROM t').get())();
    expect(seen).toEqual([
      'INSERT INTO t VALUES (1) [rows: 0]', // not inserted yet: the call comes first
      'BEGIN [rows: 1]',
      'SELECT x FROM t [rows: 1]',
      'COMMIT [rows: 1]',
    ]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../src/core/db/database';

describe('openDatabase configures the connection for a web server', () => {
  let dir: string;
  const opened: Database[] = [];
  const open = (name: string) => {
    const db = openDatabase(path.join(dir, name));
    opened.push(db);
    return db;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-db-'));
  });

  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts a new database file in WAL mode, and a reopened one stays in it', () => {
    const fresh = open('app.db');
    fresh.exec('CREATE TABLE t (x INTEGER)');
    fresh.close();
    const reopened = open('app.db');
    const other = open('other.db');
    expect({
      'journal_mode of a reopened file': reopened.pragma('journal_mode', { simple: true }),
      'journal_mode of a new file': other.pragma('journal_mode', { simple: true }),
    }).toEqual({
      'journal_mode of a reopened file': 'wal',
      'journal_mode of a new file': 'wal',
    });
  });

  it('lets a writer commit while another connection is in the middle of a read', () => {
    const reader = open('app.db');
    reader.exec('CREATE TABLE t (x INTEGER)');
    const writer = open('app.db');
    // This test is about who blocks whom, not about waiting: fail at once instead of after 5 s.
    writer.pragma('busy_timeout = 0');

    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get(); // the read transaction is now open
    let outcome = 'committed';
    try {
      writer.prepare('INSERT INTO t VALUES (1)').run();
    } catch (error) {
      outcome = `failed with ${String((error as { code?: unknown }).code)}`;
    }
    const readerStillSees = reader.prepare('SELECT count(*) AS n FROM t').get();
    reader.exec('COMMIT');
    expect({
      'a write during an open read': outcome,
      'rows the open read still sees': readerStillSees,
    }).toEqual({
      'a write during an open read': 'committed',
      'rows the open read still sees': { n: 0 },
    });
  });

  it('commits with synchronous = NORMAL (1), on a new file and on a reopened one', () => {
    const fresh = open('app.db');
    fresh.exec('CREATE TABLE t (x INTEGER)'); // a first write: the connection has read the file
    const reopened = open('app.db');
    reopened.prepare('SELECT count(*) FROM t').get();
    expect({
      'synchronous after the first write': fresh.pragma('synchronous', { simple: true }),
      'synchronous of a second connection': reopened.pragma('synchronous', { simple: true }),
    }).toEqual({
      'synchronous after the first write': 1,
      'synchronous of a second connection': 1,
    });
  });
});

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/**
 * Opens the SQLite database with the settings a web server needs: WAL so readers never wait
 * for the writer, enforced foreign keys (off by default in SQLite), and a busy timeout so a
 * second process (a migration, a backup) makes writers wait instead of failing at once.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two
 * read-then-write sequences cannot interleave and fail halfway with SQLITE_BUSY.
 */
export function inImmediateTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Raised by repositories when a unique constraint rejects a write; mapped to 409. */
export class UniqueConstraintError extends Error {
  constructor(message = 'A record with the same unique value already exists') {
    super(message);
    this.name = 'UniqueConstraintError';
  }
}

/**
 * Matches on the SQLite error code rather than `instanceof SqliteError`: the native addon
 * keeps the error class of the first copy of the module loaded in the process, so
 * `instanceof` fails wherever modules are loaded more than once (Jest does per test file).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write and turns a unique-constraint failure into the database-neutral error. */
export function translateUniqueViolation<T>(fn: () => T, message?: string): T {
  try {
    return fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw new UniqueConstraintError(message);
    throw error;
  }
}

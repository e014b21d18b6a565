import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseBusyError, UniqueViolationError } from './errors';

export type Database = BetterSqlite3.Database;

/**
 * Opens the SQLite database the app uses for its whole life: one connection, shared by every
 * request. better-sqlite3 is synchronous, so each query runs to completion on the event loop
 * and no two queries of this process ever overlap. The pragmas are per connection, so they
 * are set here, every time, not in a migration.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  // WAL: writers append to a log, so readers keep reading the last committed state and
  // never wait for the writer (the setting is stored in the file; ':memory:' ignores it).
  db.pragma('journal_mode = WAL');
  // With WAL, NORMAL syncs at checkpoints instead of every commit: a power cut may lose the
  // last transactions but never corrupts the file.
  db.pragma('synchronous = NORMAL');
  // SQLite's own default is off (better-sqlite3 happens to build it on): say what we rely on.
  db.pragma('foreign_keys = ON');
  // Another process (a migration, a backup) holding the lock makes us wait, not fail. While
  // it waits, the event loop waits too: past the timeout the statement fails with SQLITE_BUSY,
  // which translateErrors turns into DatabaseBusyError (503 with Retry-After).
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two
 * read-then-write sequences cannot interleave and fail halfway with SQLITE_BUSY. `fn` must be
 * synchronous: better-sqlite3 throws (and rolls back) when it returns a promise, and code after
 * an await would run later, outside any transaction.
 */
export function inImmediateTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * Runs a statement (or a transaction) and translates SQLite's errors into the engine-neutral
 * ones (core/db/errors.ts), with the driver error as `cause`:
 * - a UNIQUE or PRIMARY KEY constraint: UniqueViolationError with `uniqueMessage`;
 * - SQLITE_BUSY (another connection held the write lock past busy_timeout) or SQLITE_LOCKED:
 *   DatabaseBusyError.
 * Anything else is a bug or an outage, and passes unchanged (a 500, logged).
 */
export function translateErrors<T>(fn: () => T, uniqueMessage?: string): T {
  try {
    return fn();
  } catch (error) {
    throw translated(error, uniqueMessage);
  }
}

// Matches on the SQLite error code rather than `instanceof SqliteError`: the native addon
// keeps the error class of the first copy of the module loaded in the process, so `instanceof`
// fails wherever modules are loaded more than once (Jest does, per test file).
function translated(error: unknown, uniqueMessage: string | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new UniqueViolationError(uniqueMessage, { cause: error });
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  ) {
    return new DatabaseBusyError(1, { cause: error });
  }
  return error;
}

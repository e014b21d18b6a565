import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseBusyError, UniqueViolationError } from './errors';

export type Database = BetterSqlite3.Database;

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the SQLite database with the settings a web server needs: WAL so readers never wait
 * for the writer, enforced foreign keys (off by default in SQLite), and a busy timeout so a
 * second process (a migration, a backup) makes writers wait instead of failing at once.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // better-sqlite3 is synchronous: while a statement waits for another connection's lock, the
  // event loop waits too. Past the timeout the statement fails with SQLITE_BUSY, which
  // repositories translate into DatabaseBusyError (503 with Retry-After).
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two
 * read-then-write sequences cannot interleave and fail halfway with SQLITE_BUSY.
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

/** `inImmediateTransaction` with the errors translated as by `translateErrors`. */
export function writeTransaction<T>(db: Database, fn: () => T, uniqueMessage?: string): T {
  return translateErrors(() => inImmediateTransaction(db, fn), uniqueMessage);
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

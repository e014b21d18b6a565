import type { Database } from './database';
import type { PostgresDatabase } from './postgres';

/** The database the application runs on: the SQLite connection, or the PostgreSQL pool. */
export type AppDatabase = Database | PostgresDatabase;

export function isPostgres(db: AppDatabase): db is PostgresDatabase {
  return 'engine' in db && db.engine === 'postgres';
}

/**
 * Readiness probe: true when the database answers a trivial query. On PostgreSQL a refused or
 * timed-out connection is false (503) and nothing else: the pool opens a new connection on the
 * next probe, so the instance becomes ready again by itself when the server is back.
 */
export async function pingDatabase(db: AppDatabase): Promise<boolean> {
  if (isPostgres(db)) return db.ping();
  try {
    return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}

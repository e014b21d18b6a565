import type { Database } from './database';

/** Readiness probe: true when the database answers a trivial query. */
export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}

import { createHash } from 'node:crypto';
import { type Database, inImmediateTransaction } from './database';
import { type Migration, migrations as defaultMigrations } from './migrations';

export interface MigrationResult {
  readonly applied: readonly number[];
  readonly currentVersion: number;
}

/**
 * Applies pending migrations in order, in one transaction together with their rows in
 * schema_migrations: all of them or none. A checksum per migration catches a released
 * migration edited later.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = defaultMigrations,
  now: () => Date = () => new Date(),
): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  // Read what is applied and apply the rest under one write lock (BEGIN IMMEDIATE): two
  // processes starting together on a fresh file cannot both decide to run migration 1.
  return inImmediateTransaction(db, () => applyPending(db, migrations, now));
}

function applyPending(
  db: Database,
  migrations: readonly Migration[],
  now: () => Date,
): MigrationResult {
  const appliedRows = db
    .prepare('SELECT version, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; checksum: string }[];
  const applied = new Map(appliedRows.map((row) => [row.version, row.checksum]));

  const insert = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const newlyApplied: number[] = [];
  const ordered = [...migrations].sort((a, b) => a.version - b.version);

  for (const migration of ordered) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    const known = applied.get(migration.version);
    if (known !== undefined) {
      if (known !== checksum) {
        throw new Error(
          `Migration ${migration.version} (${migration.name}) changed after it was applied: ` +
            'this database file was migrated by different code; point DB_PATH at the right file',
        );
      }
      continue;
    }
    db.exec(migration.sql);
    insert.run(migration.version, migration.name, checksum, now().toISOString());
    newlyApplied.push(migration.version);
  }

  return { applied: newlyApplied, currentVersion: ordered.at(-1)?.version ?? 0 };
}

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

/** A migration to apply now, with the checksum its schema_migrations row records. */
export interface PendingMigration {
  readonly migration: Migration;
  readonly checksum: string;
}

/**
 * What both engines decide before they run any SQL: the migrations not yet applied, in
 * version order, after checking that every applied one is still the code's (a released
 * migration edited later is refused; `where` tells the operator which database to check).
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  applied: ReadonlyMap<number, string>,
  where: string,
): { pending: PendingMigration[]; currentVersion: number } {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const pending: PendingMigration[] = [];
  for (const migration of ordered) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    const known = applied.get(migration.version);
    if (known === undefined) {
      pending.push({ migration, checksum });
    } else if (known !== checksum) {
      throw new Error(
        `Migration ${migration.version} (${migration.name}) changed after it was applied: ${where}`,
      );
    }
  }
  return { pending, currentVersion: ordered.at(-1)?.version ?? 0 };
}

function applyPending(
  db: Database,
  migrations: readonly Migration[],
  now: () => Date,
): MigrationResult {
  const appliedRows = db
    .prepare('SELECT version, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; checksum: string }[];
  const { pending, currentVersion } = pendingMigrations(
    migrations,
    new Map(appliedRows.map((row) => [row.version, row.checksum])),
    'this database file was migrated by different code; point DB_PATH at the right file',
  );
  const insert = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const { migration, checksum } of pending) {
    db.exec(migration.sql);
    insert.run(migration.version, migration.name, checksum, now().toISOString());
  }
  return { applied: pending.map((p) => p.migration.version), currentVersion };
}

import { type MigrationResult, pendingMigrations } from './migrate';
import type { Migration } from './migrations';
import { postgresMigrations } from './postgres-migrations';
import type { PostgresDatabase, SqlExecutor } from './postgres';

/**
 * Any fixed 64-bit number, the same in every instance: the advisory lock that serializes
 * migrations. ("ee14mig" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = 0x65653134_6d6967n;

/**
 * The PostgreSQL counterpart of migrate(): applies pending migrations in order, in one
 * transaction together with their rows in schema_migrations (PostgreSQL's DDL is
 * transactional: all of them or none), with the same checksum rule.
 *
 * Several instances start at once on one database: the first statement takes a
 * transaction-scoped advisory lock, so the others wait on it, then find every migration
 * applied and do nothing. SQLite needed no such lock: BEGIN IMMEDIATE already lets one writer
 * in at a time.
 */
export async function migratePostgres(
  db: PostgresDatabase,
  migrations: readonly Migration[] = postgresMigrations,
  now: () => Date = () => new Date(),
): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text    NOT NULL,
      checksum   text    NOT NULL,
      applied_at text    NOT NULL
    )`);
    return applyPending(tx, migrations, now);
  });
}

async function applyPending(
  tx: SqlExecutor,
  migrations: readonly Migration[],
  now: () => Date,
): Promise<MigrationResult> {
  const { rows } = await tx.query<{ version: number; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations ORDER BY version',
  );
  const { pending, currentVersion } = pendingMigrations(
    migrations,
    new Map(rows.map((row) => [row.version, row.checksum])),
    'this database was migrated by different code; check DATABASE_URL',
  );
  for (const { migration, checksum } of pending) {
    // Several statements in one query: the simple query protocol runs them all (no
    // parameters), inside this transaction.
    await tx.query(migration.sql);
    await tx.query(
      'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)',
      [migration.version, migration.name, checksum, now().toISOString()],
    );
  }
  return { applied: pending.map((p) => p.migration.version), currentVersion };
}

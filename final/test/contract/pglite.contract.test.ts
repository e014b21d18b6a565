import type { PostgresDatabase } from '../../src/core/db/postgres';
import { migratePostgres } from '../../src/core/db/postgres-migrate';
import { postgresRepositories } from '../../src/startup';
import { openPglite, truncateAll } from '../helpers/postgres-engines';
import { repositoryContract } from './repository-contract';

// PostgreSQL in process: one PGlite for the whole file (starting one costs seconds), migrated
// once, its tables emptied before each test.
jest.setTimeout(60_000);

repositoryContract('PostgreSQL (PGlite, in process)', () => {
  let engine: Promise<{ db: PostgresDatabase; close(): Promise<void> }> | undefined;
  const started = () => {
    engine ??= openPglite().then(async (opened) => {
      await migratePostgres(opened.db);
      return opened;
    });
    return engine;
  };
  return {
    async repositories(clock) {
      const { db } = await started();
      await truncateAll(db);
      return postgresRepositories(db, clock);
    },
    async close() {
      await (await started()).close();
    },
  };
});

import { loadConfig } from '../../src/config';
import type { PostgresDatabase } from '../../src/core/db/postgres';
import { migratePostgres } from '../../src/core/db/postgres-migrate';
import { createLogger } from '../../src/core/logging/logger';
import { buildApplication, postgresRepositories } from '../../src/startup';
import { TEST_SECRET } from '../helpers/test-app';
import { openPglite, truncateAll } from '../helpers/postgres-engines';
import { apiContract } from './api-on-postgres';
import { repositoryContract } from './repository-contract';
import { instancesContract } from './instances-contract';

// PostgreSQL in process: one PGlite for the whole file (starting one costs seconds of CPU),
// migrated once, its tables emptied before each repository test.
jest.setTimeout(60_000);

let engine: Promise<{ db: PostgresDatabase; close(): Promise<void> }> | undefined;
function started() {
  engine ??= openPglite().then(async (opened) => {
    await migratePostgres(opened.db);
    return opened;
  });
  return engine;
}
afterAll(async () => {
  if (engine !== undefined) await (await engine).close();
});

repositoryContract('PostgreSQL (PGlite, in process)', () => ({
  async repositories(clock) {
    const { db } = await started();
    await truncateAll(db);
    return postgresRepositories(db, clock);
  },
}));

apiContract('PostgreSQL (PGlite, in process)', async () => {
  const { db } = await started();
  await truncateAll(db);
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET });
  // The composition root as the process runs it, on a database passed in (the caller's).
  const application = await buildApplication(config, {
    db,
    logger: createLogger({ level: 'silent' }),
  });
  return { app: application.app, repositories: application.repositories };
});

instancesContract('PostgreSQL (PGlite, in process)', async () => {
  const { db } = await started();
  await truncateAll(db);
  return {
    db,
    async instance(env) {
      const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, ...env });
      const application = await buildApplication(config, {
        db,
        logger: createLogger({ level: 'silent' }),
      });
      return application.app;
    },
  };
});

describe('migrations on PGlite', () => {
  it('apply nothing the second time', async () => {
    const { db } = await started();
    expect(await migratePostgres(db)).toEqual({ applied: [], currentVersion: 1001 });
  });
});

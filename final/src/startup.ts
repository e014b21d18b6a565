// The composition root: the one place that decides what the application is made of. It turns
// a Config into an Application (database, migrations, repositories, services, the background
// worker, the admin account, the Express app) and knows how to start its background work and
// release it all. It opens no port: listening belongs to the process (server.ts), which keeps
// this usable from tests.
import type express from 'express';
import { type AppDeps, type Repositories, type Services, createApp } from './app';
import type { Config } from './config';
import { type Clock, systemClock } from './core/clock';
import { type Database, openDatabase } from './core/db/database';
import { migrate } from './core/db/migrate';
import { type AppDatabase, isPostgres } from './core/db/ping';
import { type PostgresDatabase, openPostgres } from './core/db/postgres';
import { migratePostgres } from './core/db/postgres-migrate';
import { seedDemoDataPostgres } from './core/db/postgres-seed';
import { seedDemoData } from './core/db/seed';
import { SqliteJobQueue } from './core/jobs/job-queue';
import { PostgresJobQueue } from './core/jobs/job-queue.postgres';
import { JobWorker } from './core/jobs/job-worker';
import { createLifecycle } from './core/lifecycle';
import { createLogger } from './core/logging/logger';
import { createMetrics } from './core/logging/metrics';
import { createAccessTokens } from './core/security/jwt';
import { createPasswordHasher } from './core/security/password-hasher';
import { memoryRateLimitStores } from './core/security/rate-limit';
import { postgresRateLimitStores } from './core/security/rate-limit.postgres';
import { PURGE_REFRESH_TOKENS_JOB, authJobHandlers } from './modules/auth/auth.jobs';
import { AuthService } from './modules/auth/auth.service';
import { SqliteOutboxRepository } from './modules/auth/outbox.repository';
import { PostgresOutboxRepository } from './modules/auth/outbox.repository.postgres';
import { SqliteRefreshTokensRepository } from './modules/auth/refresh-tokens.repository';
import { PostgresRefreshTokensRepository } from './modules/auth/refresh-tokens.repository.postgres';
import { SqlitePostsRepository } from './modules/posts/posts.repository';
import { PostgresPostsRepository } from './modules/posts/posts.repository.postgres';
import { PostsService } from './modules/posts/posts.service';
import { SqliteProductsRepository } from './modules/products/products.repository';
import { PostgresProductsRepository } from './modules/products/products.repository.postgres';
import { ProductsService } from './modules/products/products.service';
import { SqliteUsersRepository } from './modules/users/users.repository';
import { PostgresUsersRepository } from './modules/users/users.repository.postgres';
import { UsersService } from './modules/users/users.service';

export interface Application {
  /** The request handler, ready to be served by startHttpServer or driven by supertest. */
  readonly app: express.Express;
  readonly deps: AppDeps;
  /** The repositories behind the services, for scripts and tests that set up data. */
  readonly repositories: Repositories;
  /** The background job worker; `start()` starts it, tests may drive it by hand. */
  readonly worker: JobWorker;
  /** Starts background work (the job worker). Call it once the server listens. */
  start(): Promise<void>;
  /**
   * Releases what buildApplication acquired: the worker (after the job in hand), the hashing
   * threads, the database it opened. Call it after the HTTP server has stopped: a request
   * still in flight may need the database.
   */
  close(): Promise<void>;
}

/**
 * Builds the application from its configuration. `overrides` replaces any dependency createApp
 * receives (a test's clock or logger, say); the repositories and services are built on the
 * overridden clock, logger and database too. Async: opening the database, migrating and
 * bootstrapping the admin account (a password hash) happen before anything can be served.
 */
export async function buildApplication(
  config: Config,
  overrides: Partial<AppDeps> = {},
): Promise<Application> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });

  // The engine is chosen here and nowhere else: DATABASE_URL selects PostgreSQL, otherwise the
  // SQLite file. Repositories of either engine implement the same interfaces, so everything
  // below this block (services, routes, the worker) is the same code on both. A database
  // passed in belongs to its caller, who closes it.
  const db: AppDatabase = overrides.db ?? openConfiguredDatabase(config, logger);
  const ownsDb = overrides.db === undefined;
  try {
    await prepareDatabase(db, config, logger);
  } catch (error) {
    // A failed migration (or an unreachable server) ends the start: release what was opened.
    if (ownsDb) await db.close();
    throw error;
  }
  const repositories = isPostgres(db)
    ? postgresRepositories(db, clock)
    : sqliteRepositories(db, clock);
  const jobs = repositories.jobs;

  const passwords = createPasswordHasher(config.bcrypt);
  const accessTokens = createAccessTokens(config.jwt, clock);
  const services: Services = {
    auth: new AuthService({
      users: repositories.users,
      refreshTokens: repositories.refreshTokens,
      passwords,
      accessTokens,
      clock,
      logger,
      refreshTokenTtlSeconds: config.jwt.refreshTokenTtlSeconds,
    }),
    users: new UsersService(repositories.users, passwords, logger),
    products: new ProductsService(repositories.products),
    posts: new PostsService(repositories.posts),
  };

  const deps: AppDeps = {
    config,
    clock,
    logger,
    db,
    metrics: createMetrics({ defaultMetrics: config.nodeEnv !== 'test' }),
    lifecycle: createLifecycle(),
    accessTokens,
    callers: repositories.users,
    services,
    // One process counts in memory; instances sharing PostgreSQL count in it, together.
    rateLimitStore: isPostgres(db) ? postgresRateLimitStores(db, clock) : memoryRateLimitStores,
    ...overrides,
  };

  const worker = new JobWorker({
    queue: jobs,
    handlers: authJobHandlers({ ...repositories, logger }),
    clock,
    logger: logger.child({ component: 'worker' }),
    pollIntervalMs: config.jobs.pollIntervalMs,
    recurring: [
      { type: PURGE_REFRESH_TOKENS_JOB, everyMs: config.jobs.refreshTokenPurgeIntervalMs },
    ],
    onJobFinished: (job, outcome) => deps.metrics.jobsProcessed.inc({ type: job.type, outcome }),
  });

  if (config.admin !== undefined) await bootstrapAdmin(config.admin, services.users, logger);

  return {
    app: createApp(deps),
    deps,
    repositories,
    worker,
    start: () => worker.start(),
    close: async () => {
      await worker.stop();
      await passwords.close();
      // For a WAL database, close() also checkpoints the log into the main file; a pool
      // waits for its connections to be returned, then closes them.
      if (ownsDb) await db.close();
    },
  };
}

function openConfiguredDatabase(config: Config, logger: AppDeps['logger']): AppDatabase {
  if (config.databaseUrl === undefined) {
    return openDatabase(config.dbPath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  }
  return openPostgres(config.databaseUrl, {
    max: config.postgres.poolMax,
    connectionTimeoutMs: config.postgres.connectTimeoutMs,
    statementTimeoutMs: config.postgres.statementTimeoutMs,
    onIdleError: (error) => logger.warn('an idle database connection failed', { error }),
  });
}

/**
 * Migrates before the first request can arrive, and seeds demo data in development. On
 * PostgreSQL the migrations run under an advisory lock: several instances may be starting at
 * once, and exactly one of them applies what is pending.
 */
async function prepareDatabase(db: AppDatabase, config: Config, logger: AppDeps['logger']) {
  if (isPostgres(db)) {
    const { applied, currentVersion } = await migratePostgres(db);
    logger.info('database ready', { engine: 'postgres', schemaVersion: currentVersion, applied });
    if (config.nodeEnv === 'development') await seedDemoDataPostgres(db);
    return;
  }
  const { applied, currentVersion } = migrate(db);
  logger.info('database ready', { path: config.dbPath, schemaVersion: currentVersion, applied });
  if (config.nodeEnv === 'development') seedDemoData(db);
}

/** The SQLite repositories: all share the one connection. */
export function sqliteRepositories(db: Database, clock: Clock): Repositories {
  const jobs = new SqliteJobQueue(db, clock);
  return {
    jobs,
    users: new SqliteUsersRepository(db, clock, jobs),
    refreshTokens: new SqliteRefreshTokensRepository(db, clock),
    outbox: new SqliteOutboxRepository(db, clock),
    products: new SqliteProductsRepository(db, clock),
    posts: new SqlitePostsRepository(db, clock),
  };
}

/** The PostgreSQL repositories: all borrow connections from the one bounded pool. */
export function postgresRepositories(db: PostgresDatabase, clock: Clock): Repositories {
  return {
    jobs: new PostgresJobQueue(db, clock),
    users: new PostgresUsersRepository(db, clock),
    refreshTokens: new PostgresRefreshTokensRepository(db, clock),
    outbox: new PostgresOutboxRepository(db, clock),
    products: new PostgresProductsRepository(db, clock),
    posts: new PostgresPostsRepository(db, clock),
  };
}

/** Creates the configured admin when no admin exists yet (see UsersService.ensureAdmin). */
async function bootstrapAdmin(
  admin: NonNullable<Config['admin']>,
  users: UsersService,
  logger: AppDeps['logger'],
): Promise<void> {
  const outcome = await users.ensureAdmin(admin);
  if (outcome === 'created') logger.info('created the admin account', { email: admin.email });
  if (outcome === 'email-taken') {
    logger.error('ADMIN_EMAIL belongs to an existing non-admin account; it was not promoted', {
      email: admin.email,
    });
  }
}

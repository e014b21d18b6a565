// The composition root: the one place that decides what the application is made of. It turns
// a Config into a running-ready Application (the database, its migrations, the repositories,
// the token and password machinery, the services, the Express app) and knows how to release
// it. It opens no port: listening belongs to the process (server.ts), which keeps this usable
// from tests.
import type express from 'express';
import { type AppDeps, createApp } from './app';
import type { Config } from './config';
import { systemClock } from './core/clock';
import { openDatabase } from './core/db/database';
import { migrate } from './core/db/migrate';
import { seedDemoData } from './core/db/seed';
import { createLogger } from './core/logging/logger';
import { createMetrics } from './core/logging/metrics';
import { createAccessTokens } from './core/security/jwt';
import { createPasswordHasher } from './core/security/password-hasher';
import { memoryRateLimitStores } from './core/security/rate-limit';
import { AuthService } from './modules/auth/auth.service';
import { SqliteRefreshTokensRepository } from './modules/auth/refresh-tokens.repository';
import { SqlitePostsRepository } from './modules/posts/posts.repository';
import { PostsService } from './modules/posts/posts.service';
import { SqliteProductsRepository } from './modules/products/products.repository';
import { ProductsService } from './modules/products/products.service';
import { SqliteUsersRepository } from './modules/users/users.repository';
import { UsersService } from './modules/users/users.service';

export interface Application {
  /** The request handler, ready to be served by startHttpServer or driven by supertest. */
  readonly app: express.Express;
  readonly deps: AppDeps;
  /**
   * Releases what buildApplication acquired: the database it opened. Call it after the HTTP
   * server has stopped: a request still in flight may need the database.
   */
  close(): Promise<void>;
}

/**
 * Builds the application from its configuration. `overrides` replaces any dependency createApp
 * receives (a test's clock, logger or database); the repositories and services are built on
 * the overridden clock, logger and database too. Async: opening and migrating the database happen
 * before anything can be served.
 */
export async function buildApplication(
  config: Config,
  overrides: Partial<AppDeps> = {},
): Promise<Application> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });

  // Open once, migrate before the first request can arrive, and share the one connection. A
  // database passed in belongs to its caller, who closes it.
  const db = overrides.db ?? openDatabase(config.dbPath);
  const ownsDb = overrides.db === undefined;
  const { applied, currentVersion } = migrate(db);
  logger.info('database ready', { path: config.dbPath, schemaVersion: currentVersion, applied });
  if (config.nodeEnv === 'development') seedDemoData(db);

  const passwords = createPasswordHasher(config.bcrypt);
  const users = new SqliteUsersRepository(db, clock);
  const accessTokens = createAccessTokens(config.jwt, clock);
  const deps: AppDeps = {
    config,
    clock,
    logger,
    db,
    // Process metrics (CPU, memory, event-loop lag) except in tests, which build many apps.
    metrics: createMetrics({ defaultMetrics: config.nodeEnv !== 'test' }),
    accessTokens,
    callers: users,
    services: {
      auth: new AuthService({
        users,
        refreshTokens: new SqliteRefreshTokensRepository(db, clock),
        passwords,
        accessTokens,
        clock,
        logger,
        refreshTokenTtlSeconds: config.jwt.refreshTokenTtlSeconds,
      }),
      users: new UsersService(users, passwords),
      products: new ProductsService(new SqliteProductsRepository(db, clock)),
      posts: new PostsService(new SqlitePostsRepository(db, clock)),
    },
    rateLimitStore: memoryRateLimitStores,
    ...overrides,
  };
  if (config.admin !== undefined)
    await bootstrapAdmin(config.admin, deps.services.users, deps.logger);

  return {
    app: createApp(deps),
    deps,
    close: async () => {
      // For a WAL database, close() also checkpoints the log into the main file.
      if (ownsDb) db.close();
    },
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

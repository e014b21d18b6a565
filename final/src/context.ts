import type { Config } from './config';
import { type Clock, systemClock } from './core/clock';
import type { Database } from './core/db/database';
import { JobQueue } from './core/jobs/job-queue';
import { type Lifecycle, createLifecycle } from './core/lifecycle';
import { type Logger, createLogger } from './core/logging/logger';
import { type Metrics, createMetrics } from './core/logging/metrics';
import type { CallerLookup } from './core/security/authenticate';
import { type AccessTokens, createAccessTokens } from './core/security/jwt';
import { type PasswordHasher, createPasswordHasher } from './core/security/password-hasher';
import { AuthService } from './modules/auth/auth.service';
import { type OutboxRepository, SqliteOutboxRepository } from './modules/auth/outbox.repository';
import {
  type RefreshTokensRepository,
  SqliteRefreshTokensRepository,
} from './modules/auth/refresh-tokens.repository';
import { PostsService } from './modules/posts/posts.service';
import { type PostsRepository, SqlitePostsRepository } from './modules/posts/posts.repository';
import { ProductsService } from './modules/products/products.service';
import {
  type ProductsRepository,
  SqliteProductsRepository,
} from './modules/products/products.repository';
import { UsersService } from './modules/users/users.service';
import { SqliteUsersRepository, type UsersRepository } from './modules/users/users.repository';

export interface Repositories {
  readonly users: UsersRepository;
  readonly refreshTokens: RefreshTokensRepository;
  readonly outbox: OutboxRepository;
  readonly products: ProductsRepository;
  readonly posts: PostsRepository;
}

export interface Services {
  readonly auth: AuthService;
  readonly users: UsersService;
  readonly products: ProductsService;
  readonly posts: PostsService;
}

/** Everything createApp needs. Built once by server.ts, or per test file by the tests. */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: Database;
  readonly metrics: Metrics;
  readonly lifecycle: Lifecycle;
  readonly passwords: PasswordHasher;
  readonly accessTokens: AccessTokens;
  /** How authentication reads the caller's current role on every request. */
  readonly callers: CallerLookup;
  readonly jobs: JobQueue;
  readonly repositories: Repositories;
  readonly services: Services;
}

export interface CreateDepsOptions {
  readonly config: Config;
  /** An open database with migrations applied. */
  readonly db: Database;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly lifecycle?: Lifecycle;
  readonly passwords?: PasswordHasher;
}

/** Wires repositories and services; every piece can be replaced through the options. */
export function createDeps(options: CreateDepsOptions): AppDeps {
  const { config, db } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const passwords = options.passwords ?? createPasswordHasher(config.bcrypt);
  const accessTokens = createAccessTokens(config.jwt, clock);
  const jobs = new JobQueue(db, clock);

  const repositories: Repositories = {
    users: new SqliteUsersRepository(db, clock, jobs),
    refreshTokens: new SqliteRefreshTokensRepository(db, clock),
    outbox: new SqliteOutboxRepository(db, clock),
    products: new SqliteProductsRepository(db, clock),
    posts: new SqlitePostsRepository(db, clock),
  };

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

  return {
    config,
    clock,
    logger,
    db,
    metrics: options.metrics ?? createMetrics({ defaultMetrics: false }),
    lifecycle: options.lifecycle ?? createLifecycle(),
    passwords,
    accessTokens,
    callers: repositories.users,
    jobs,
    repositories,
    services,
  };
}

// The composition root: the one place that decides what the application is made of. It turns
// a Config into a running-ready Application (real clock today; a database, repositories and
// services on later days) and knows how to release it. It opens no port: listening belongs to
// the process (server.ts), which keeps this usable from tests.
import type express from 'express';
import { type AppDeps, createApp } from './app';
import type { Config } from './config';
import { systemClock } from './core/clock';
import { consoleLogger } from './core/logging/logger';
import { InMemoryPostsRepository } from './modules/posts/posts.repository';
import { InMemoryProductsRepository } from './modules/products/products.repository';
import { ProductsService } from './modules/products/products.service';
import { InMemoryUsersRepository } from './modules/users/users.repository';

export interface Application {
  /** The request handler, ready to be served by startHttpServer or driven by supertest. */
  readonly app: express.Express;
  readonly deps: AppDeps;
  /** Releases what buildApplication acquired. Call it after the HTTP server has stopped. */
  close(): Promise<void>;
}

/**
 * Builds the application from its configuration. `overrides` replaces any dependency (a test's
 * manual clock, say). Async from the start: building will soon mean opening a database.
 */
export async function buildApplication(
  config: Config,
  overrides: Partial<AppDeps> = {},
): Promise<Application> {
  const clock = overrides.clock ?? systemClock;
  const deps: AppDeps = {
    config,
    clock,
    logger: consoleLogger,
    // In memory: the stores live as long as this application, so two never share data.
    repositories: {
      users: new InMemoryUsersRepository(),
      posts: new InMemoryPostsRepository(),
    },
    services: {
      products: new ProductsService(new InMemoryProductsRepository(clock)),
    },
    ...overrides,
  };
  return {
    app: createApp(deps),
    deps,
    // Nothing to release yet: Day 5's database is the first resource the application holds.
    close: async () => {},
  };
}

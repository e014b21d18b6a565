// createApp builds the HTTP side of the application: the only place where middleware and
// routers are put together. It receives everything it needs and starts nothing, so a test can
// create as many isolated apps as it likes, without ports or processes.
import express from 'express';
import type { Config } from './config';
import type { Clock } from './core/clock';
import { notFoundHandler } from './core/http/not-found';
import { healthRouter } from './modules/health/health.routes';
import type { PostsRepository } from './modules/posts/posts.repository';
import { postsRouter } from './modules/posts/posts.routes';
import type { ProductsRepository } from './modules/products/products.repository';
import { productsRouter } from './modules/products/products.routes';
import type { UsersRepository } from './modules/users/users.repository';
import { usersRouter } from './modules/users/users.routes';

/** Every business endpoint lives under one version prefix; a breaking change gets /api/v2. */
export const API_PREFIX = '/api/v1';

/**
 * What createApp needs from the outside world, and nothing more. startup.ts builds it for the
 * process; tests build their own. Nothing inside the app reaches for globals (process.env,
 * Date.now) directly, so a test can swap any of it.
 */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
  /** The stores the feature routers read; startup.ts chooses their implementations. */
  readonly repositories: {
    readonly users: UsersRepository;
    readonly posts: PostsRepository;
    readonly products: ProductsRepository;
  };
}

export function createApp(deps: AppDeps): express.Express {
  const { users, posts, products } = deps.repositories;
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');

  // Operational endpoints stay outside the versioned API: a probe does not follow versions.
  app.use(healthRouter({ clock: deps.clock, version: deps.config.version }));

  // The versioned API: one router per feature, each mounted at its own prefix. A feature
  // router knows nothing of /api/v1 or of its own mount point.
  const api = express.Router();
  // Parse JSON bodies for the API only, and only up to the configured size: the body is a
  // stream that is read once, here, before any route runs. A request whose Content-Type is
  // not JSON is left unread (req.body stays undefined) and validation reports what is missing.
  api.use(
    express.json({
      limit: deps.config.bodyLimitBytes,
      type: ['application/json', 'application/*+json'],
    }),
  );
  api.use('/products', productsRouter({ products }));
  api.use('/users', usersRouter({ users, posts }));
  // A post also has an address of its own, whoever wrote it (the users router keeps the list
  // of an author's posts below the author).
  api.use('/posts', postsRouter({ posts }));
  app.use(API_PREFIX, api);

  // Registered last: runs only when nothing above answered.
  app.use(notFoundHandler());
  return app;
}

// createApp is the composition root of the HTTP layer: the only place where middleware and
// routers are put together. It builds an app from its dependencies and starts nothing, so a
// test can create as many isolated apps as it likes, without ports or processes.
import express from 'express';
import type { AppDeps } from './context';
import { errorHandler, notFoundHandler } from './core/errors/error-handler';
import { jsonBody } from './core/http/json-body';
import { healthRouter } from './modules/health/health.routes';
import { InMemoryPostsRepository } from './modules/posts/posts.repository';
import { SqliteProductsRepository } from './modules/products/products.repository';
import { productsRouter } from './modules/products/products.routes';
import { ProductsService } from './modules/products/products.service';
import { InMemoryUsersRepository } from './modules/users/users.repository';
import { usersRouter } from './modules/users/users.routes';

/** Every business endpoint lives under one version prefix; a breaking change gets /api/v2. */
export const API_PREFIX = '/api/v1';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');

  // Operational endpoints stay outside the versioned API: a probe does not follow versions.
  app.use(healthRouter(deps));

  // Products live in the injected database; users and posts are still in-memory stores that
  // live as long as this app. Either way, two apps built from different deps share nothing.
  const users = new InMemoryUsersRepository();
  const posts = new InMemoryPostsRepository();
  const products = new ProductsService(new SqliteProductsRepository(deps.db, deps.clock));

  // The versioned API: one router per feature, each mounted at its own prefix. A feature
  // router knows nothing of /api/v1 or of its own mount point.
  const api = express.Router();
  // Parse JSON bodies for the API only, and only up to the configured size: the body is a
  // stream that is read once, here, before any route runs. What the parser refuses (not
  // JSON, too large, malformed) is rejected before a handler runs.
  api.use(jsonBody(deps.config.bodyLimitBytes));
  api.use('/products', productsRouter({ products }));
  api.use('/users', usersRouter({ users, posts }));
  app.use(API_PREFIX, api);

  // Registered last: the 404 runs only when nothing above answered, and every error, thrown
  // or rejected anywhere above, leaves through the one error handler as problem+json.
  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}

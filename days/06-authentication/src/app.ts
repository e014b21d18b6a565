// createApp builds the HTTP side of the application: the only place where middleware and
// routers are put together. It receives everything it needs and starts nothing, so a test can
// create as many isolated apps as it likes, without ports or processes.
import express from 'express';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { Database } from './core/db/database';
import { errorHandler, notFoundHandler } from './core/errors/error-handler';
import { PROBLEM_TYPES_PATH, problemTypesRouter } from './core/errors/problem-types';
import { jsonBody } from './core/http/json-body';
import type { Logger } from './core/logging/logger';
import { type CallerLookup, createAuthGuards } from './core/security/authenticate';
import type { AccessTokens } from './core/security/jwt';
import { authRouter } from './modules/auth/auth.routes';
import type { AuthService } from './modules/auth/auth.service';
import { healthRouter } from './modules/health/health.routes';
import type { PostsRepository } from './modules/posts/posts.repository';
import { postsRouter } from './modules/posts/posts.routes';
import { productsRouter } from './modules/products/products.routes';
import type { ProductsService } from './modules/products/products.service';
import type { UsersRepository } from './modules/users/users.repository';
import { usersRouter } from './modules/users/users.routes';
import type { UsersService } from './modules/users/users.service';

/** Every business endpoint lives under one version prefix; a breaking change gets /api/v2. */
export const API_PREFIX = '/api/v1';

/**
 * What createApp needs from the outside world, and nothing more. startup.ts builds it for the
 * process; tests build their own. Nothing inside the app reaches for globals (process.env,
 * Date.now, console) directly, so a test can swap any of it.
 */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
  /** Where the error handler reports what clients must not see. */
  readonly logger: Logger;
  /** The readiness probe asks it; everything else reaches it through the services. */
  readonly db: Database;
  /** Verifies the access token of each request that needs a caller. */
  readonly accessTokens: AccessTokens;
  /** How authentication finds the caller a token names, on every request. */
  readonly callers: CallerLookup;
  /**
   * The stores the posts routers still read directly: posts have no rules yet, and the list
   * of an author's posts checks that the author exists.
   */
  readonly repositories: {
    readonly users: UsersRepository;
    readonly posts: PostsRepository;
  };
  /** The business rules, in front of their repositories. */
  readonly services: {
    readonly auth: AuthService;
    readonly users: UsersService;
    readonly products: ProductsService;
  };
}

export function createApp(deps: AppDeps): express.Express {
  const { posts } = deps.repositories;
  const { auth, users, products } = deps.services;
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');

  // Operational endpoints stay outside the versioned API: a probe does not follow versions.
  app.use(healthRouter({ clock: deps.clock, version: deps.config.version, db: deps.db }));

  // The versioned API: one router per feature, each mounted at its own prefix. A feature
  // router knows nothing of /api/v1 or of its own mount point.
  const api = express.Router();
  // Parse JSON bodies for the API only, and only up to the configured size: the body is a
  // stream that is read once, here, before any route runs. What the parser refuses (not
  // JSON, too large, malformed) is rejected before a handler runs.
  api.use(jsonBody(deps.config.bodyLimitBytes));
  // The guards are built once and handed to the routers that have routes to protect: each
  // route says whether it needs a caller, so public routes stay public.
  const guards = createAuthGuards({ tokens: deps.accessTokens, callers: deps.callers });
  api.use('/auth', authRouter({ auth }));
  api.use('/products', productsRouter({ products, guards }));
  api.use('/users', usersRouter({ users, guards, userPosts: deps.repositories }));
  // A post also has an address of its own, whoever wrote it (the users router keeps the list
  // of an author's posts below the author).
  api.use('/posts', postsRouter({ posts }));
  app.use(API_PREFIX, api);
  // The problem types the API's errors name, documented where each type URI points. Outside
  // the versioned API: a type is an identifier clients keep across versions.
  app.use(PROBLEM_TYPES_PATH, problemTypesRouter());

  // Registered last: the 404 runs only when nothing above answered, and every error, thrown
  // or rejected anywhere above, leaves through the one error handler as problem+json.
  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}

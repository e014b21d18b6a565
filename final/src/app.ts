// createApp builds the HTTP side of the application: the only place where middleware and
// routers are put together. It receives everything it needs and starts nothing, so a test can
// create as many isolated apps as it likes, without ports or processes. The order of the
// app.use calls below is the request lifecycle (final/README.md draws it).
import express from 'express';
import type { Config } from './config';
import type { Clock } from './core/clock';
import type { AppDatabase } from './core/db/ping';
import { errorHandler, notFoundHandler } from './core/errors/error-handler';
import { PROBLEM_TYPES_PATH, problemTypesRouter } from './core/errors/problem-types';
import { jsonBody } from './core/http/json-body';
import { requestId } from './core/http/request-id';
import type { JobQueue } from './core/jobs/job-queue';
import { type Lifecycle, closeConnectionsWhenStopping } from './core/lifecycle';
import { accessLog } from './core/logging/access-log';
import type { Logger } from './core/logging/logger';
import type { Metrics } from './core/logging/metrics';
import { requestMetrics } from './core/logging/request-metrics';
import { type CallerLookup, createAuthGuards } from './core/security/authenticate';
import { apiSecurityHeaders, corsPolicy } from './core/security/headers';
import type { AccessTokens } from './core/security/jwt';
import {
  type RateLimitStoreFactory,
  generalRateLimit,
  loginRateLimit,
} from './core/security/rate-limit';
import { authRouter } from './modules/auth/auth.routes';
import type { AuthService } from './modules/auth/auth.service';
import type { OutboxRepository } from './modules/auth/outbox.repository';
import type { RefreshTokensRepository } from './modules/auth/refresh-tokens.repository';
import { docsRouter } from './modules/docs/docs.routes';
import { healthRouter } from './modules/health/health.routes';
import type { PostsRepository } from './modules/posts/posts.repository';
import { postsRouter } from './modules/posts/posts.routes';
import type { PostsService } from './modules/posts/posts.service';
import type { ProductsRepository } from './modules/products/products.repository';
import { productsRouter } from './modules/products/products.routes';
import type { ProductsService } from './modules/products/products.service';
import type { UsersRepository } from './modules/users/users.repository';
import { usersRouter } from './modules/users/users.routes';
import type { UsersService } from './modules/users/users.service';

/** Every business endpoint lives under one version prefix; a breaking change gets /api/v2. */
export const API_PREFIX = '/api/v1';

/** The business rules, one service per feature; handlers only call these. */
export interface Services {
  readonly auth: AuthService;
  readonly users: UsersService;
  readonly products: ProductsService;
  readonly posts: PostsService;
}

/** Data access behind the services (startup.ts builds them; createApp never sees them). */
export interface Repositories {
  readonly jobs: JobQueue;
  readonly users: UsersRepository;
  readonly refreshTokens: RefreshTokensRepository;
  readonly outbox: OutboxRepository;
  readonly products: ProductsRepository;
  readonly posts: PostsRepository;
}

/**
 * What createApp needs from the outside world, and nothing more. startup.ts builds it for the
 * process; tests build their own. Nothing inside the app reaches for globals (process.env,
 * Date.now, console) directly, so a test can swap any of it.
 */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
  /** Where the error handler reports what clients must not see, and the access log goes. */
  readonly logger: Logger;
  /**
   * The readiness probe asks it (SQLite's connection or PostgreSQL's pool); everything else
   * reaches it through the services.
   */
  readonly db: AppDatabase;
  readonly metrics: Metrics;
  readonly lifecycle: Lifecycle;
  readonly accessTokens: AccessTokens;
  /** How authentication reads the caller's current role on every request. */
  readonly callers: CallerLookup;
  /** The business rules, in front of their repositories. */
  readonly services: Services;
  /** Where the rate limiters count (one store per limiter, built once per app). */
  readonly rateLimitStore: RateLimitStoreFactory;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, logger, metrics, lifecycle } = deps;
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');
  // From config only, and never `true` (config rejects it): see TrustProxy.
  app.set('trust proxy', config.trustProxy);

  // 1. Identify and observe every request, including the ones rejected below: the request id
  //    and its log context first, then the metrics, recorded when the request is over.
  app.use(requestId());
  app.use(requestMetrics(metrics));

  // 2. Response hardening: the short header set a JSON API needs (/docs adds helmet's full
  //    set for its HTML page), and, while stopping, ask keep-alive clients to reconnect
  //    (to another instance).
  const hsts = config.nodeEnv === 'production';
  app.use(apiSecurityHeaders({ hsts }));
  app.use(closeConnectionsWhenStopping(lifecycle));

  // 3. Operational endpoints: not versioned, not rate limited, and mounted before the access
  //    log and CORS. Probes and scrapers hit them every few seconds from every balancer: they
  //    would drown the log, and they must stay cheap.
  app.use(
    healthRouter({
      clock: deps.clock,
      version: config.version,
      db: deps.db,
      lifecycle,
      metrics,
      metricsToken: config.metricsToken,
      logger,
    }),
  );

  // 4. Everything else is access-logged (when the request is over), and CORS applies.
  if (config.logLevel !== 'silent') app.use(accessLog(config.accessLogFormat, logger));
  app.use(corsPolicy(config.corsOrigins));
  app.use('/docs', docsRouter({ hsts }));

  // 5. The versioned API: one router per feature, each mounted at its own prefix. A feature
  //    router knows nothing of /api/v1 or of its own mount point. The rate limit first, then
  //    JSON parsing, then the routers; each route runs authentication, authorization and
  //    validation in that order.
  const guards = createAuthGuards({ tokens: deps.accessTokens, callers: deps.callers, logger });
  const api = express.Router();
  api.use(
    generalRateLimit({
      config: config.rateLimit,
      store: deps.rateLimitStore('general'),
      logger,
    }),
  );
  // Parse JSON bodies for the API only, and only up to the configured size: the body is a
  // stream that is read once, here, before any route runs. What the parser refuses (not
  // JSON, too large, malformed) is rejected before a handler runs.
  api.use(jsonBody(config.bodyLimitBytes));
  api.use(
    '/auth',
    authRouter({
      auth: deps.services.auth,
      loginRateLimit: loginRateLimit({
        config: config.rateLimit,
        store: deps.rateLimitStore('login'),
        logger,
      }),
    }),
  );
  api.use(
    '/users',
    usersRouter({ users: deps.services.users, posts: deps.services.posts, guards }),
  );
  api.use('/products', productsRouter({ products: deps.services.products, guards }));
  api.use('/posts', postsRouter({ posts: deps.services.posts, guards }));
  app.use(API_PREFIX, api);
  // The problem types the API's errors name, documented where each type URI points. Outside
  // the versioned API (and its rate limit): a type is an identifier clients keep across
  // versions.
  app.use(PROBLEM_TYPES_PATH, problemTypesRouter());

  // 6. Registered last: the 404 runs only when nothing above answered, and every error, thrown
  //    or rejected anywhere above, leaves through the one error handler as problem+json.
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

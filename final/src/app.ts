import express from 'express';
import type { AppDeps } from './context';
import { errorHandler, notFoundHandler } from './core/errors/error-handler';
import { jsonBody } from './core/http/json-body';
import { memoizeRequestGetters } from './core/http/request-memo';
import { requestId } from './core/http/request-id';
import { accessLog, devAccessLog } from './core/logging/access-log';
import { observeRequests } from './core/logging/observe-requests';
import { createAuthGuards } from './core/security/authenticate';
import { apiSecurityHeaders, corsPolicy } from './core/security/headers';
import { generalRateLimit, loginRateLimit } from './core/security/rate-limit';
import { authRouter } from './modules/auth/auth.routes';
import { docsRouter } from './modules/docs/docs.routes';
import { healthRouter } from './modules/health/health.routes';
import { postsRouter } from './modules/posts/posts.routes';
import { productsRouter } from './modules/products/products.routes';
import { usersRouter } from './modules/users/users.routes';

export const API_PREFIX = '/api/v1';

/**
 * Builds the Express application: the only place middleware and routers are composed, so
 * the order below is the request lifecycle. It opens no sockets and starts no timers; the
 * process (server.ts) or a test decides what to do with the result.
 */
export function createApp(deps: AppDeps): express.Express {
  const { config, logger, metrics, lifecycle } = deps;
  const app = express();

  app.disable('x-powered-by');
  // From config only, and never `true` (config rejects it): see TrustProxy.
  app.set('trust proxy', config.trustProxy);
  // req.query and req.ip computed once per request, not on every read.
  memoizeRequestGetters(app);

  // 1. Identify and observe every request, including the ones rejected below: metrics for
  //    all, the access log for all but the operational endpoints (see observeRequests).
  const logAccess = config.logLevel !== 'silent';
  app.use(requestId());
  app.use(
    observeRequests({
      metrics,
      accessLog: logAccess && config.accessLogFormat === 'json' ? accessLog(logger) : undefined,
    }),
  );
  if (logAccess && config.accessLogFormat === 'dev') app.use(devAccessLog(logger));

  // 2. Response hardening: the short header set a JSON API needs, built once (/docs adds
  //    helmet's full set for its HTML page), and while draining, ask keep-alive clients to
  //    reconnect (to another instance).
  //    One middleware for both: every layer costs a little on every request.
  const hsts = config.nodeEnv === 'production';
  app.use(apiSecurityHeaders({ hsts, closeConnections: () => lifecycle.isShuttingDown() }));

  // 3. Operational endpoints: not versioned, not rate limited, not access-logged, and mounted
  //    before CORS. Probes and scrapers hit them every few seconds from every balancer: they
  //    must stay cheap. The request id, the metrics (their requests are counted under their
  //    own route) and security events still cover them.
  app.use(healthRouter({ ...deps, metricsToken: config.metricsToken }));

  // 4. Everything else: CORS applies.
  app.use(corsPolicy(config.corsOrigins));
  app.use('/docs', docsRouter({ hsts }));

  // 5. The versioned API: rate limit, then JSON parsing, then the feature routers. Each route
  //    runs authentication, authorization and validation in that order.
  const guards = createAuthGuards({ tokens: deps.accessTokens, callers: deps.callers, logger });
  const api = express.Router();
  api.use(generalRateLimit(config.rateLimit, logger));
  api.use(jsonBody(config.bodyLimitBytes));
  api.use(
    '/auth',
    authRouter({
      auth: deps.services.auth,
      loginRateLimit: loginRateLimit(config.rateLimit, logger),
    }),
  );
  api.use('/users', usersRouter({ users: deps.services.users, guards }));
  api.use('/products', productsRouter({ products: deps.services.products, guards }));
  api.use('/posts', postsRouter({ posts: deps.services.posts, guards }));
  app.use(API_PREFIX, api);

  // 6. Everything else is a 404, and every error leaves as application/problem+json.
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

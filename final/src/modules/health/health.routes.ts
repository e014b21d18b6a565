import { Router } from 'express';
import type { Database } from '../../core/db/database';
import { defineRoute } from '../../core/http/routes';
import type { Lifecycle } from '../../core/lifecycle';
import type { Logger } from '../../core/logging/logger';
import type { Metrics } from '../../core/logging/metrics';
import { healthHandlers, metricsAccess } from './health.handlers';

/** Operational endpoints, outside /api/v1 and outside the rate limit: probes must not be limited. */
export function healthRouter(deps: {
  db: Database;
  lifecycle: Lifecycle;
  metrics: Metrics;
  metricsToken: string | undefined;
  logger: Logger;
}): Router {
  const handlers = healthHandlers(deps);
  const router = Router();
  defineRoute(router, '/health', { get: [handlers.health] });
  defineRoute(router, '/ready', { get: [handlers.ready] });
  defineRoute(router, '/metrics', {
    get: [metricsAccess(deps.metricsToken, deps.logger), handlers.metrics],
  });
  return router;
}

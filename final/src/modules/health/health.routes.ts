import { Router } from 'express';
import type { Database } from '../../core/db/database';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import type { Lifecycle } from '../../core/lifecycle';
import type { Logger } from '../../core/logging/logger';
import type { Metrics } from '../../core/logging/metrics';
import { routeTemplate } from '../../core/logging/route-template';
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
  router
    .route('/health')
    .all(routeTemplate)
    .get(handlers.health)
    .all(methodNotAllowed(['GET']));
  router
    .route('/ready')
    .all(routeTemplate)
    .get(handlers.ready)
    .all(methodNotAllowed(['GET']));
  router
    .route('/metrics')
    .all(routeTemplate)
    .get(metricsAccess(deps.metricsToken, deps.logger), handlers.metrics)
    .all(methodNotAllowed(['GET']));
  return router;
}

import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import type { Logger } from '../../core/logging/logger';
import { routeTemplate } from '../../core/logging/route-template';
import { type HealthDeps, healthHandlers, metricsAccess } from './health.handlers';

/** Operational endpoints, outside /api/v1: probes and scrapers do not follow API versions. */
export function healthRouter(
  deps: HealthDeps & { readonly metricsToken: string | undefined; readonly logger: Logger },
): Router {
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

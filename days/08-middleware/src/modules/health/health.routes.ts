import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { type HealthDeps, healthHandlers } from './health.handlers';

export function healthRouter(deps: HealthDeps): Router {
  const handlers = healthHandlers(deps);
  const router = Router();
  router
    .route('/health')
    .get(handlers.health)
    .all(methodNotAllowed(['GET']));
  router
    .route('/ready')
    .get(handlers.ready)
    .all(methodNotAllowed(['GET']));
  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../../context';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { healthHandler, readyHandler } from './health.handlers';

export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router
    .route('/health')
    .get(healthHandler(deps))
    .all(methodNotAllowed(['GET']));
  router
    .route('/ready')
    .get(readyHandler(deps))
    .all(methodNotAllowed(['GET']));
  return router;
}

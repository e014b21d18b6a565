import { Router } from 'express';
import { type HealthDeps, healthHandlers } from './health.handlers';

export function healthRouter(deps: HealthDeps): Router {
  const handlers = healthHandlers(deps);
  const router = Router();
  router.get('/health', handlers.health);
  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../../context';
import { healthHandler } from './health.handlers';

export function healthRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/health', healthHandler(deps));
  return router;
}

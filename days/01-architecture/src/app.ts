// createApp is the composition root of the HTTP layer: the only place where middleware and
// routers are put together. It builds an app from its dependencies and starts nothing, so a
// test can create as many isolated apps as it likes, without ports or processes.
import express from 'express';
import type { AppDeps } from './context';
import { healthRouter } from './modules/health/health.routes';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');

  app.use(healthRouter(deps));

  return app;
}

// createApp builds the HTTP side of the application: the only place where middleware and
// routers are put together. It receives everything it needs and starts nothing, so a test can
// create as many isolated apps as it likes, without ports or processes.
import express from 'express';
import type { Config } from './config';
import type { Clock } from './core/clock';
import { healthHandlers } from './modules/health/health.handlers';

/**
 * What createApp needs from the outside world, and nothing more. startup.ts builds it for the
 * process; tests build their own. Nothing inside the app reaches for globals (process.env,
 * Date.now) directly, so a test can swap any of it.
 */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  // Don't advertise the framework; it helps attackers pick exploits and nobody else.
  app.disable('x-powered-by');

  // Exercise 1.4: this reaches into the health module (its handler factory, given all of
  // AppDeps) instead of mounting what the module chooses to offer.
  const health = healthHandlers(deps);
  app.get('/health', health.health);

  return app;
}

import type { RequestHandler, Response } from 'express';
import { type AccessLog, NOT_ACCESS_LOGGED } from './access-log';
import type { Metrics } from './metrics';

/**
 * Times every request and, when its response has been handed to the OS, records it in the
 * metrics and the access log. One `finish` listener serves both: every listener, timer and
 * closure is paid on every request, so the two observers share them.
 */
export function observeRequests(deps: {
  metrics: Metrics;
  accessLog: AccessLog | undefined;
}): RequestHandler {
  const { metrics, accessLog } = deps;
  return (req, res, next) => {
    const start = performance.now();
    // `on`, not `once`: a response finishes once, and `once` would allocate a wrapper.
    res.on('finish', () => {
      const durationMs = performance.now() - start;
      const route = routeOf(res);
      metrics.observeRequest(req.method, route, res.statusCode, durationMs / 1000);
      if (accessLog !== undefined && !NOT_ACCESS_LOGGED.has(route)) {
        accessLog(req, res, durationMs);
      }
    });
    next();
  };
}

/**
 * The route template `defineRoute` recorded (`/api/v1/products/:id`), never the raw URL:
 * raw paths would let any client create new metric series. Unmatched URLs share one label.
 */
function routeOf(res: Response): string {
  const route = res.locals['route'];
  return typeof route === 'string' ? route : 'unmatched';
}

import type { RequestHandler } from 'express';
import { statusOf } from './access-log';
import type { Metrics } from './metrics';
import { routeOf } from './route-template';

/**
 * Times every request and, when it is over, records it in the metrics by method, route
 * template and status. It listens for `close`, which a response emits exactly once whether it
 * was sent completely or the client went away first (`finish` never comes then): aborted
 * requests are recorded too, with status 499.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.once('close', () => {
      const seconds = (performance.now() - start) / 1000;
      metrics.observeRequest(req.method, routeOf(res), statusOf(res), seconds);
    });
    next();
  };
}

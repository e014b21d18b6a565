import type { RequestHandler } from 'express';
import { type AccessLog, NOT_ACCESS_LOGGED } from './access-log';
import type { Metrics } from './metrics';
import { routeOf } from './route-template';

/**
 * nginx's code for "client closed the request before the response was sent". Not an HTTP
 * status anyone receives; it only names aborted requests in the metrics and the access log.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Times every request and, when it is over, records it in the metrics and the access log.
 * One listener serves both: every listener, timer and closure is paid on every request, so
 * the two observers share them. It listens for `close`, which a response emits exactly once
 * whether it was sent completely or the client went away first (`finish` never comes then):
 * aborted requests are recorded too, with status 499.
 */
export function observeRequests(deps: {
  metrics: Metrics;
  accessLog: AccessLog | undefined;
}): RequestHandler {
  const { metrics, accessLog } = deps;
  return (req, res, next) => {
    const start = performance.now();
    // `on`, not `once`: a response closes once, and `once` would allocate a wrapper.
    res.on('close', () => {
      const durationMs = performance.now() - start;
      const route = routeOf(res);
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
      metrics.observeRequest(req.method, route, status, durationMs / 1000);
      if (accessLog !== undefined && !NOT_ACCESS_LOGGED.has(route)) {
        accessLog(req, res, durationMs, status);
      }
    });
    next();
  };
}

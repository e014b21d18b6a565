import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Database } from '../../core/db/database';
import { pingDatabase } from '../../core/db/ping';
import {
  ForbiddenError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../../core/errors/app-error';
import type { Lifecycle } from '../../core/lifecycle';
import type { Logger } from '../../core/logging/logger';
import type { Metrics } from '../../core/logging/metrics';
import { logSecurityEvent } from '../../core/logging/security-events';

const HEALTH_BODY = Buffer.from(JSON.stringify({ status: 'ok' }));
const HEALTH_HEADERS = new Map<string, string | number>([
  ['Cache-Control', 'no-store'],
  ['Content-Type', 'application/json; charset=utf-8'],
  ['Content-Length', HEALTH_BODY.length],
]);

export function healthHandlers(deps: { db: Database; lifecycle: Lifecycle; metrics: Metrics }) {
  return {
    /**
     * Liveness: the process answers. Deliberately says nothing else. Balancers call it every
     * few seconds, so the response is prebuilt: no JSON.stringify, and no ETag (a no-store
     * response is never revalidated, so its hash would be work and bytes for nothing).
     */
    health(_req: Request, res: Response) {
      res.setHeaders(HEALTH_HEADERS).end(HEALTH_BODY);
    },

    /** Readiness: send traffic here only if the database answers and we are not stopping. */
    async ready(_req: Request, res: Response) {
      if (deps.lifecycle.isShuttingDown()) throw new ServiceUnavailableError('Shutting down');
      if (!(await pingDatabase(deps.db))) throw new ServiceUnavailableError('Database unavailable');
      res.set('Cache-Control', 'no-store').json({ status: 'ready' });
    },

    async metrics(_req: Request, res: Response) {
      res
        .set('Cache-Control', 'no-store')
        .type(deps.metrics.registry.contentType)
        .send(await deps.metrics.registry.metrics());
    },
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * /metrics reveals traffic and internals, so it is not public. With METRICS_TOKEN set, the
 * scraper sends it as a Bearer token. Without one, only direct loopback connections may read
 * it: the socket address is checked (not req.ip, which trust proxy may rewrite), and a request
 * carrying forwarding headers came through a proxy on this host, i.e. from outside.
 */
export function metricsAccess(token: string | undefined, logger: Logger): RequestHandler {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  return (req, _res, next) => {
    if (expected !== undefined) {
      const presented = Buffer.from(req.get('authorization') ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        logSecurityEvent(logger, { event: 'metrics_denied', ip: req.ip });
        throw new UnauthorizedError('A valid metrics token is required');
      }
      return next();
    }
    const direct = FORWARDING_HEADERS.every((name) => req.headers[name] === undefined);
    if (!direct || !LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      logSecurityEvent(logger, { event: 'metrics_denied', ip: req.ip });
      throw new ForbiddenError('Metrics are only served to local scrapers or with METRICS_TOKEN');
    }
    next();
  };
}

import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../../core/clock';
import { type AppDatabase, pingDatabase } from '../../core/db/ping';
import {
  ForbiddenError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../../core/errors/app-error';
import type { Lifecycle } from '../../core/lifecycle';
import type { Logger } from '../../core/logging/logger';
import type { Metrics } from '../../core/logging/metrics';
import { logSecurityEvent } from '../../core/logging/security-events';

/** What the operational endpoints need, declared here: the module asks for nothing more. */
export interface HealthDeps {
  readonly clock: Clock;
  /** The version this build reports (Config.version). */
  readonly version: string;
  /** The readiness probe asks it, through the same connection the repositories use. */
  readonly db: AppDatabase;
  readonly lifecycle: Lifecycle;
  readonly metrics: Metrics;
}

export interface HealthBody {
  status: 'ok';
  uptimeSeconds: number;
  version: string;
}

export function healthHandlers({ clock, version, db, lifecycle, metrics }: HealthDeps) {
  const startedAt = clock.now();
  return {
    /**
     * Liveness: answers as long as the process can run JavaScript. It touches no dependency,
     * so an orchestrator never restarts a healthy process because a database is slow.
     */
    health(_req: Request, res: Response) {
      const body: HealthBody = {
        status: 'ok',
        uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000),
        version,
      };
      // Balancers call this every few seconds. A no-store response is never revalidated, so
      // the ETag res.json would hash for it is work for nothing: send the JSON directly.
      res.set('Cache-Control', 'no-store').type('json').end(JSON.stringify(body));
    },

    /**
     * Readiness: may this instance receive traffic? Unlike liveness it checks what requests
     * need, the database, and says no while the process is shutting down.
     */
    async ready(_req: Request, res: Response) {
      if (lifecycle.isShuttingDown()) throw new ServiceUnavailableError('Shutting down');
      if (!(await pingDatabase(db))) throw new ServiceUnavailableError('Database unavailable');
      res.set('Cache-Control', 'no-store').json({ status: 'ready' });
    },

    async metrics(_req: Request, res: Response) {
      res
        .set('Cache-Control', 'no-store')
        .type(metrics.registry.contentType)
        .send(await metrics.registry.metrics());
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

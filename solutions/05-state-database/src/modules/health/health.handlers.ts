import type { RequestHandler } from 'express';
import type { AppDeps } from '../../context';
import { pingDatabase } from '../../core/db/ping';
import { ServiceUnavailableError } from '../../core/errors/app-error';

export interface HealthBody {
  status: 'ok';
  uptimeSeconds: number;
  version: string;
}

/**
 * Liveness: answers as long as the process can run JavaScript. It touches no dependency, so
 * an orchestrator never restarts a healthy process because a database is slow.
 */
export function healthHandler({ config, clock }: AppDeps): RequestHandler {
  const startedAt = clock.now();
  return (_req, res) => {
    res.json({
      status: 'ok',
      uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000),
      version: config.version,
    } satisfies HealthBody);
  };
}

/**
 * Readiness: may this instance receive traffic? Unlike liveness it checks what requests need,
 * the database, through the same injected handle the repositories use.
 */
export function readyHandler({ db }: AppDeps): RequestHandler {
  return async (_req, res) => {
    // Thrown, so the error handler answers 503 as problem+json like every other error.
    if (!(await pingDatabase(db))) throw new ServiceUnavailableError('Database unavailable');
    res.set('Cache-Control', 'no-store').json({ status: 'ready' });
  };
}

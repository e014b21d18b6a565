import type { RequestHandler } from 'express';
import type { AppDeps } from '../../context';

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

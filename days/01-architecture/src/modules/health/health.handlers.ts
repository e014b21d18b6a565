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
    // TODO(exercise 1.2): report `uptimeSeconds` (whole seconds since createApp, from the
    // injected clock) and `version` (from config) next to `status`.
    void startedAt;
    void config;
    res.json({ status: 'ok' });
  };
}

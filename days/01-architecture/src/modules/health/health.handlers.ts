import type { Request, Response } from 'express';
import type { AppDeps } from '../../app';

export interface HealthBody {
  status: 'ok';
  uptimeSeconds: number;
  version: string;
}

export function healthHandlers({ clock, config }: AppDeps) {
  const startedAt = clock.now();
  return {
    /**
     * Liveness: answers as long as the process can run JavaScript. It touches no dependency,
     * so an orchestrator never restarts a healthy process because a database is slow.
     */
    health(_req: Request, res: Response) {
      // TODO(exercise 1.2): report `uptimeSeconds` (whole seconds since createApp, from the
      // injected clock) and `version` next to `status`.
      void startedAt;
      void config;
      res.json({ status: 'ok' });
    },
  };
}

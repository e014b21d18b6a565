import type { Request, Response } from 'express';
import type { Clock } from '../../core/clock';

/** What the health endpoints need, declared here: the module asks for nothing more. */
export interface HealthDeps {
  readonly clock: Clock;
  /** The version this build reports (Config.version). */
  readonly version: string;
}

export interface HealthBody {
  status: 'ok';
  uptimeSeconds: number;
  version: string;
}

export function healthHandlers({ clock, version }: HealthDeps) {
  const startedAt = clock.now();
  return {
    /**
     * Liveness: answers as long as the process can run JavaScript. It touches no dependency,
     * so an orchestrator never restarts a healthy process because a database is slow.
     */
    health(_req: Request, res: Response) {
      res.json({
        status: 'ok',
        uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000),
        version,
      } satisfies HealthBody);
    },
  };
}

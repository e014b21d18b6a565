import type { Request, Response } from 'express';
import type { Clock } from '../../core/clock';
import type { Database } from '../../core/db/database';
import { pingDatabase } from '../../core/db/ping';
import { ServiceUnavailableError } from '../../core/errors/app-error';

/** What the operational endpoints need, declared here: the module asks for nothing more. */
export interface HealthDeps {
  readonly clock: Clock;
  /** The version this build reports (Config.version). */
  readonly version: string;
  /** The readiness probe asks it, through the same connection the repositories use. */
  readonly db: Database;
}

export interface HealthBody {
  status: 'ok';
  uptimeSeconds: number;
  version: string;
}

export function healthHandlers({ clock, version, db }: HealthDeps) {
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

    /**
     * Readiness: may this instance receive traffic? Unlike liveness it checks what requests
     * need, the database.
     */
    async ready(_req: Request, res: Response) {
      if (!(await pingDatabase(db))) throw new ServiceUnavailableError('Database unavailable');
      res.set('Cache-Control', 'no-store').json({ status: 'ready' });
    },
  };
}

import type { AppDeps } from './context';
import { JobWorker } from './core/jobs/job-worker';
import { PURGE_REFRESH_TOKENS_JOB, authJobHandlers } from './modules/auth/auth.jobs';

/** The background worker with every job type this application knows. */
export function createJobWorker(
  deps: AppDeps,
  options: { backoff?: { baseMs: number; maxMs: number } } = {},
): JobWorker {
  const { config, clock, logger, metrics, repositories } = deps;
  return new JobWorker({
    queue: deps.jobs,
    handlers: authJobHandlers({
      users: repositories.users,
      outbox: repositories.outbox,
      refreshTokens: repositories.refreshTokens,
      logger,
    }),
    clock,
    logger: logger.child({ component: 'worker' }),
    pollIntervalMs: config.jobs.pollIntervalMs,
    backoff: options.backoff,
    recurring: [
      { type: PURGE_REFRESH_TOKENS_JOB, everyMs: config.jobs.refreshTokenPurgeIntervalMs },
    ],
    onJobFinished: (job, outcome) => metrics.jobsProcessed.inc({ type: job.type, outcome }),
  });
}

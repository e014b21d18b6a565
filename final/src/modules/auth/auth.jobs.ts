import type { JobHandler } from '../../core/jobs/job-worker';
import { PermanentJobError } from '../../core/jobs/job-worker';
import type { Logger } from '../../core/logging/logger';
import { WELCOME_MESSAGE_JOB, type UsersRepository } from '../users/users.repository';
import type { OutboxRepository } from './outbox.repository';
import type { RefreshTokensRepository } from './refresh-tokens.repository';

export { WELCOME_MESSAGE_JOB };
export const PURGE_REFRESH_TOKENS_JOB = 'purge-expired-refresh-tokens';

export function authJobHandlers(deps: {
  users: UsersRepository;
  outbox: OutboxRepository;
  refreshTokens: RefreshTokensRepository;
  logger: Logger;
}): Record<string, JobHandler> {
  return {
    /** Queued in the registration transaction; writes the welcome message to the outbox. */
    [WELCOME_MESSAGE_JOB]: async (job) => {
      const userId = (job.payload as { userId?: unknown } | null)?.userId;
      if (typeof userId !== 'number') throw new PermanentJobError('payload has no userId');
      const user = await deps.users.findById(userId);
      // Deleted before the job ran: nobody to welcome, and retrying will not change that.
      if (user === undefined) return;
      await deps.outbox.add({
        dedupeKey: `welcome:${user.id}`,
        recipient: user.email,
        subject: 'Welcome!',
        body: `Hello ${user.name}, your account is ready.`,
      });
    },

    /** Recurring: expired refresh tokens are useless and would only grow the table. */
    [PURGE_REFRESH_TOKENS_JOB]: async () => {
      const purged = await deps.refreshTokens.purgeExpired();
      if (purged > 0) deps.logger.info('purged expired refresh tokens', { count: purged });
    },
  };
}

import express from 'express';
import request from 'supertest';
import { DatabaseBusyError } from '../src/core/db/errors';
import { ConflictError, NotFoundError } from '../src/core/errors/app-error';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger } from './helpers';

/** One route per kind of failure, all through the error handler. */
function appFailingWith(thrown: Record<string, () => unknown>) {
  const logger = recordingLogger();
  const app = express();
  app.get('/:kind', (req) => {
    throw thrown[String(req.params['kind'])]?.();
  });
  app.use(errorHandler(logger));
  return { app, logger };
}

describe('the error handler logs each failure once, at the level it deserves', () => {
  it('logs nothing for a client error, warn for an expected 503, error for a bug', async () => {
    const busy = new DatabaseBusyError(1, { cause: new Error('database is locked') });
    const bug = new RangeError('Invalid time value');
    const { app, logger } = appFailingWith({
      missing: () => new NotFoundError('No such report'),
      taken: () => new ConflictError('Name taken'),
      busy: () => busy,
      bug: () => bug,
    });
    for (const [kind, status] of [
      ['missing', 404],
      ['taken', 409],
      ['busy', 503],
      ['bug', 500],
    ] as const) {
      await request(app).get(`/${kind}`).expect(status);
    }
    expect(
      logger.entries.map((entry) => ({
        level: entry.level,
        message: entry.message,
        path: entry.details?.['path'],
        // The warn line logs the 503 it answered, whose cause is the error raised.
        cause: (entry.details?.['error'] as Error | undefined)?.cause,
        error: entry.details?.['error'],
      })),
    ).toEqual([
      {
        level: 'warn',
        message: busy.message,
        path: '/busy',
        cause: busy,
        error: expect.any(Error),
      },
      { level: 'error', message: 'unhandled error', path: '/bug', cause: undefined, error: bug },
    ]);
  });
});

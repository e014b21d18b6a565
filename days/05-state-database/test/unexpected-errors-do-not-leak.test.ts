import express from 'express';
import request from 'supertest';
import { NotFoundError } from '../src/core/errors/app-error';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger } from './helpers';

const SECRET = 'SQLITE_CORRUPT: database disk image is malformed (/var/lib/shop/app.db)';

function appThrowing(error: unknown) {
  const logger = recordingLogger();
  const app = express();
  app.get('/orders/:id', () => {
    throw error;
  });
  app.get('/reports', async () => {
    await Promise.resolve();
    throw error;
  });
  app.use(errorHandler(logger));
  return { app, logger };
}

describe('an unexpected error is a generic 500, and its details go to the log', () => {
  it('answers 500 without the error message, stack or any other internals', async () => {
    const { app } = appThrowing(new Error(SECRET));
    const res = await request(app).get('/orders/7');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
      instance: '/orders/7',
    });
    expect(res.text).not.toMatch(/SQLITE|app\.db|at /);
  });

  it('does the same for a rejected promise of an async handler', async () => {
    const { app } = appThrowing(
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    );
    const res = await request(app).get('/reports');
    expect(res.status).toBe(500);
    expect(res.body.detail).toBe('An unexpected error occurred');
  });

  it('does the same when something that is not an Error is thrown', async () => {
    const { app } = appThrowing(SECRET);
    const res = await request(app).get('/orders/7');
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('SQLITE');
  });

  it('logs the original error (with its stack) and the request it broke', async () => {
    const error = new Error(SECRET);
    const { app, logger } = appThrowing(error);
    await request(app).get('/orders/7?verbose=1');
    expect(logger.entries).toEqual([
      {
        message: 'unhandled error',
        details: { error, method: 'GET', path: '/orders/7' },
      },
    ]);
    expect(error.stack).toMatch(/^Error: SQLITE_CORRUPT.*\n\s+at /);
  });

  it('logs nothing for expected errors, which keep their message', async () => {
    const { app, logger } = appThrowing(new NotFoundError('The order does not exist'));
    const res = await request(app).get('/orders/7');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('The order does not exist');
    expect(logger.entries).toEqual([]);
  });
});

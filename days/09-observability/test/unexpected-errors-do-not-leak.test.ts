import express from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger } from './helpers';

const SECRET = 'SQLITE_CORRUPT: database disk image is malformed (/var/lib/shop/app.db)';

/** The one answer every unexpected error gets, whatever it says. */
function genericProblem(instance: string) {
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred',
    instance,
  };
}

/**
 * One log entry as a line a person can read: its message, which error it holds, and its other
 * fields in name order, e.g. `unhandled error | the thrown error | method=GET | path=/orders/7`.
 */
function asLine(entry: { message: string; details?: Record<string, unknown> }, thrown: unknown) {
  const { error, ...fields } = entry.details ?? {};
  const which = error === thrown ? 'the thrown error' : `not the thrown error: ${String(error)}`;
  const rest = Object.keys(fields)
    .sort()
    .map((name) => `${name}=${String(fields[name])}`);
  return [entry.message, which, ...rest].join(' | ');
}

function appThrowing(errors: { sync: unknown; async: unknown }) {
  const logger = recordingLogger();
  const app = express();
  app.get('/orders/:id', () => {
    throw errors.sync;
  });
  app.post('/reports', async () => {
    await Promise.resolve();
    throw errors.async;
  });
  app.use(errorHandler(logger));
  return { app, logger };
}

describe('an unexpected error is a generic 500, and its details go to the log', () => {
  it('answers 500 with a fixed detail that says nothing about the error', async () => {
    const { app } = appThrowing({ sync: new Error(SECRET), async: undefined });
    const res = await request(app).get('/orders/7');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 500,
      body: genericProblem('/orders/7'),
    });
    expect({ 'internals in the response': res.text.match(/SQLITE|app\.db|\bat /g) ?? [] }).toEqual({
      'internals in the response': [],
    });
  });

  it('answers the same for a rejected promise of an async handler, whatever its message', async () => {
    const { app } = appThrowing({
      sync: undefined,
      async: new TypeError("Cannot read properties of undefined (reading 'id')"),
    });
    const res = await request(app).post('/reports');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 500,
      body: genericProblem('/reports'),
    });
  });

  it('answers the same when something that is not an Error is thrown', async () => {
    const { app } = appThrowing({ sync: SECRET, async: undefined });
    const res = await request(app).get('/orders/8');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 500,
      body: genericProblem('/orders/8'),
    });
  });

  it('logs each original error, with its stack, and the request it broke', async () => {
    const corrupt = new Error(SECRET);
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const { app, logger } = appThrowing({ sync: corrupt, async: bug });
    await request(app).get('/orders/7?verbose=1');
    await request(app).post('/reports?format=csv');
    const [first, second] = logger.entries;
    expect([
      first && asLine(first, corrupt),
      second && asLine(second, bug),
      logger.entries.length,
    ]).toEqual([
      'unhandled error | the thrown error | method=GET | path=/orders/7',
      'unhandled error | the thrown error | method=POST | path=/reports',
      2,
    ]);
    // The object itself is logged, not its message: the stack says where it happened.
    expect(corrupt.stack).toMatch(/^Error: SQLITE_CORRUPT.*\n\s+at /);
  });
});

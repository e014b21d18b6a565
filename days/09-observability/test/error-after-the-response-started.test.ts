import express from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger } from './helpers';

const reportFailure = new Error('the report query failed half way');
const feedFailure = new TypeError("Cannot read properties of undefined (reading 'price')");

/**
 * Two handlers that start their response and then fail: one throws synchronously after a
 * chunk of CSV, the other rejects after a line of NDJSON and an await. Neither sets a
 * Content-Length, so Node sends the body chunked, and only a final empty chunk would tell the
 * client that the body is complete.
 */
function streamingApp() {
  const logger = recordingLogger();
  const app = express();
  app.get('/reports/daily', (_req, res) => {
    res.status(200).type('text/csv');
    res.write('id,total\n1,');
    throw reportFailure;
  });
  app.get('/feeds/prices', async (_req, res) => {
    res.status(200).type('application/x-ndjson');
    res.write('{"id":1,"priceCents":4500}\n');
    await new Promise((resolve) => setImmediate(resolve));
    throw feedFailure;
  });
  app.use(errorHandler(logger));
  return { app, logger };
}

/** What the client ends up with: a complete response, or a connection cut short. */
async function whatTheClientSaw(app: express.Express, path: string): Promise<string> {
  return request(app)
    .get(path)
    .then(
      (res) => `a complete ${res.status} response: ${JSON.stringify(res.text)}`,
      () => 'the connection cut before the body was complete',
    );
}

/**
 * One log entry as a line a person can read: its message, which error it holds, and its other
 * fields in name order, e.g. `error after the response started | the thrown error | method=GET`.
 */
function asLine(entry: { message: string; details?: Record<string, unknown> }, thrown: unknown) {
  const { error, ...fields } = entry.details ?? {};
  const which = error === thrown ? 'the thrown error' : `not the thrown error: ${String(error)}`;
  const rest = Object.keys(fields)
    .sort()
    .map((name) => `${name}=${String(fields[name])}`);
  return [entry.message, which, ...rest].join(' | ');
}

/** Express schedules its own final handler's log line with setImmediate: let it run. */
const afterPendingCallbacks = () => new Promise((resolve) => setImmediate(resolve));

describe('an error after the response started cuts the connection and is logged once', () => {
  it('cuts the connection and logs the original error, once, for a handler that throws mid-body', async () => {
    const { app, logger } = streamingApp();
    const clientSaw = await whatTheClientSaw(app, '/reports/daily?day=2026-02-23');
    await afterPendingCallbacks();
    expect({ clientSaw, logged: logger.entries.map((e) => asLine(e, reportFailure)) }).toEqual({
      clientSaw: 'the connection cut before the body was complete',
      logged: [
        'error after the response started | the thrown error | method=GET | path=/reports/daily',
      ],
    });
  });

  it('does the same for an async handler whose promise rejects mid-body', async () => {
    const { app, logger } = streamingApp();
    const clientSaw = await whatTheClientSaw(app, '/feeds/prices');
    await afterPendingCallbacks();
    expect({ clientSaw, logged: logger.entries.map((e) => asLine(e, feedFailure)) }).toEqual({
      clientSaw: 'the connection cut before the body was complete',
      logged: [
        'error after the response started | the thrown error | method=GET | path=/feeds/prices',
      ],
    });
  });

  it("does not also hand the error to Express's final handler, which would log it a second time", async () => {
    const { app, logger } = streamingApp();
    // Outside the test environment Express's final handler prints every error it receives
    // with console.error.
    app.set('env', 'development');
    const printed: unknown[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(args[0]);
    });
    try {
      await whatTheClientSaw(app, '/reports/daily');
      await afterPendingCallbacks();
    } finally {
      spy.mockRestore();
    }
    expect({
      'entries in the application log': logger.entries.length,
      "errors Express's final handler printed": printed.map(String),
    }).toEqual({
      'entries in the application log': 1,
      "errors Express's final handler printed": [],
    });
  });
});

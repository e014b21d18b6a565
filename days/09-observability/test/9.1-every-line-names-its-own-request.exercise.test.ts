import express from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { requestId } from '../src/core/http/request-id';
import type { Logger } from '../src/core/logging/logger';
import { currentRequestContext, runWithRequestContext } from '../src/core/logging/request-context';
import { createAuthGuards } from '../src/core/security/authenticate';
import { createAccessTokens } from '../src/core/security/jwt';
import { type LogLine, capturedLogs, manualClock, testConfig } from './helpers';

/** A promise the test settles when it decides, to finish requests in an order of its choosing. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * An app whose order handler waits for the test, then logs one line and answers with the id
 * the request was given. `/orders/:name` waits for the gate named in the URL.
 */
function waitingApp(logger: Logger, gates: Map<string, ReturnType<typeof gate>>) {
  const tokens = createAccessTokens(testConfig.jwt, manualClock());
  const guards = createAuthGuards({
    tokens,
    callers: { findCaller: async (id) => ({ id, role: 'user' }) },
    logger,
  });
  const app = express();
  app.use(requestId());
  app.get('/orders/:name', guards.authenticateOptional, async (req, res) => {
    const name = String(req.params['name']);
    await gates.get(name)?.opened;
    logger.info('order shipped', { order: name });
    res.json({ requestId: req.requestId });
  });
  app.use(errorHandler(logger));
  return { app, tokens };
}

/** Whose id `id` is, among the ids each request was given: "request <name>", or what else. */
function whoseId(id: unknown, ids: Record<string, unknown>): string {
  const owner = Object.entries(ids).find(([, given]) => given === id)?.[0];
  if (owner !== undefined) return `request ${owner}`;
  return id === undefined ? 'no request id' : `an id no request was given (${String(id)})`;
}

/** For each 'order shipped' line, by order: whose request id it carries, and which user. */
function namedIn(lines: LogLine[], ids: Record<string, unknown>) {
  const named: Record<string, { requestId: string; userId: unknown }> = {};
  for (const line of lines) {
    if (line['msg'] !== 'order shipped') continue;
    named[String(line['order'])] = {
      requestId: whoseId(line['requestId'], ids),
      userId: line['userId'],
    };
  }
  return named;
}

describe('exercise 9.1: every log line names its own request, after every await', () => {
  it('names the right request in lines written after an await, while other requests run', async () => {
    const { logger, lines } = capturedLogs('info');
    const gates = new Map(['first', 'second', 'third'].map((name) => [name, gate()]));
    const { app } = waitingApp(logger, gates);
    // Three requests start in this order, and are released in the opposite order.
    const pending = ['first', 'second', 'third'].map((name) =>
      request(app)
        .get(`/orders/${name}`)
        .then((res) => [name, res.body.requestId] as const),
    );
    for (let i = 0; i < 20; i++) await tick();
    for (const name of ['third', 'first', 'second']) {
      gates.get(name)?.open();
      for (let i = 0; i < 5; i++) await tick();
    }
    const ids = Object.fromEntries(await Promise.all(pending));
    expect({ 'what each line names': namedIn(lines, ids) }).toEqual({
      'what each line names': {
        first: { requestId: 'request first', userId: undefined },
        second: { requestId: 'request second', userId: undefined },
        third: { requestId: 'request third', userId: undefined },
      },
    });
  });

  it('names the caller once authentication found them, and only in their own request', async () => {
    const { logger, lines } = capturedLogs('info');
    const gates = new Map(['ada', 'grace', 'anonymous'].map((name) => [name, gate()]));
    const { app, tokens } = waitingApp(logger, gates);
    const callers: Record<string, number | undefined> = {
      ada: 41,
      grace: 87,
      anonymous: undefined,
    };
    const pending = Object.entries(callers).map(([name, userId]) => {
      const req = request(app).get(`/orders/${name}`);
      if (userId !== undefined) req.set('Authorization', `Bearer ${tokens.issue(userId).token}`);
      return req.then((res) => [name, res.body.requestId] as const);
    });
    for (let i = 0; i < 20; i++) await tick();
    for (const name of ['anonymous', 'grace', 'ada']) {
      gates.get(name)?.open();
      for (let i = 0; i < 5; i++) await tick();
    }
    const ids = Object.fromEntries(await Promise.all(pending));
    expect({ 'what each line names': namedIn(lines, ids) }).toEqual({
      'what each line names': {
        ada: { requestId: 'request ada', userId: 41 },
        grace: { requestId: 'request grace', userId: 87 },
        anonymous: { requestId: 'request anonymous', userId: undefined },
      },
    });
  });

  it('follows a request into work it started that finishes after it answered', async () => {
    const { logger, lines } = capturedLogs('info');
    const later: Promise<void>[] = [];
    // Released once both requests have answered: the work outlives its request.
    const released = gate();
    const app = express();
    app.use(requestId());
    app.post('/exports/:name', (req, res) => {
      const name = String(req.params['name']);
      // Work the request starts and does not wait for: a timer, then a promise chain.
      later.push(
        new Promise<void>((resolve) => setTimeout(resolve, 1))
          .then(() => released.opened)
          .then(() => {
            logger.info('export written', { export: name });
          }),
      );
      res.status(202).json({ requestId: req.requestId });
    });
    const a = await request(app).post('/exports/a');
    const b = await request(app).post('/exports/b');
    released.open();
    await Promise.all(later);
    const ids = { a: a.body.requestId, b: b.body.requestId };
    const named = Object.fromEntries(
      lines.map((line) => [String(line['export']), whoseId(line['requestId'], ids)]),
    );
    expect({ 'whose id each late line carries': named }).toEqual({
      'whose id each late line carries': { a: 'request a', b: 'request b' },
    });
  });

  it('names no request in a line written on behalf of none', async () => {
    const { logger, lines } = capturedLogs('info');
    const seen: Record<string, unknown> = {};
    await runWithRequestContext({ requestId: 'req-outer' }, async () => {
      await tick();
      seen['inside, after an await'] = currentRequestContext()?.requestId;
    });
    seen['after it, outside any request'] = currentRequestContext()?.requestId;
    logger.info('nightly cleanup');
    seen['the line written outside any request'] = lines[0]?.['requestId'];
    expect(seen).toEqual({
      'inside, after an await': 'req-outer',
      'after it, outside any request': undefined,
      'the line written outside any request': undefined,
    });
  });
});

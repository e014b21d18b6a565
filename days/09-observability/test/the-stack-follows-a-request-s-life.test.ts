import type express from 'express';
import request from 'supertest';
import { buildApplication } from '../src/startup';
import { manualClock, recordingLogger, signIn, testConfig, testDatabase } from './helpers';

const ORIGIN = 'https://app.example.com';

/** The real app, with one allowed browser origin and a logger that keeps the access log. */
async function stack() {
  const logger = recordingLogger();
  const config = { ...testConfig, corsOrigins: [ORIGIN] };
  const application = await buildApplication(config, {
    clock: manualClock(),
    logger,
    db: testDatabase(),
  });
  return { app: application.app, logger };
}

/**
 * One request of each kind of answer: a success, and a refusal by each layer that can refuse
 * (the router's 404, a guard's 401, a route's 405, the body parser's 400, validation's 422).
 */
const ANSWERS: ReadonlyArray<{
  readonly name: string;
  readonly send: (app: express.Express) => request.Test;
}> = [
  { name: 'GET /api/v1/products (200)', send: (app) => request(app).get('/api/v1/products') },
  { name: 'GET /api/v1/nowhere (404)', send: (app) => request(app).get('/api/v1/nowhere') },
  { name: 'GET /api/v1/users/me (401)', send: (app) => request(app).get('/api/v1/users/me') },
  { name: 'PUT /api/v1/products (405)', send: (app) => request(app).put('/api/v1/products') },
  {
    name: 'POST /api/v1/auth/login, broken JSON (400)',
    send: (app) =>
      request(app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"a'),
  },
  {
    name: 'POST /api/v1/auth/register, empty body (422)',
    send: (app) => request(app).post('/api/v1/auth/register').send({}),
  },
];

describe('the middleware stack follows a request from arrival to answer', () => {
  it('puts the security headers on every answer, the probes and every refusal included', async () => {
    const { app } = await stack();
    const seen: Record<string, string | undefined> = {};
    for (const { name, send } of [
      { name: 'GET /health (200)', send: (a: express.Express) => request(a).get('/health') },
      ...ANSWERS,
    ]) {
      const res = await send(app);
      seen[name] = res.headers['x-content-type-options'];
    }
    expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((name) => [name, 'nosniff'])));
  });

  it('writes one access-log line per API request, whoever answered it, and none for the probes', async () => {
    const { app, logger } = await stack();
    await request(app).get('/health').expect(200);
    await request(app).get('/ready').expect(200);
    const counts: Record<string, number> = {};
    for (const { name, send } of ANSWERS) {
      const before = logger.lines.length;
      await send(app);
      counts[name] = logger.lines.length - before;
    }
    expect({
      'lines about the probes': logger.lines.filter((l) => /\/(health|ready)\b/.test(l)).length,
      ...counts,
    }).toEqual({
      'lines about the probes': 0,
      ...Object.fromEntries(ANSWERS.map(({ name }) => [name, 1])),
    });
  });

  it('lets the allowed origin read every answer, refusals included, and preflight an authenticated route', async () => {
    const { app } = await stack();
    const readable: Record<string, boolean> = {};
    for (const { name, send } of ANSWERS) {
      const res = await send(app).set('Origin', ORIGIN);
      readable[name] = [ORIGIN, '*'].includes(res.headers['access-control-allow-origin'] ?? '');
    }
    const preflight = await request(app)
      .options('/api/v1/users/me')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    readable['the preflight of GET /api/v1/users/me'] =
      preflight.status === 204 &&
      [ORIGIN, '*'].includes(preflight.headers['access-control-allow-origin'] ?? '') &&
      preflight.headers['ratelimit'] === undefined;
    expect(readable).toEqual(Object.fromEntries(Object.keys(readable).map((name) => [name, true])));
  });

  it('counts every API request against the rate limit, those the body parser refuses included, and never the probes', async () => {
    const { app } = await stack();
    const remaining = async (send: () => request.Test) => {
      const header = (await send()).headers['ratelimit'];
      return typeof header === 'string' ? Number(/r=(\d+)/.exec(header)?.[1]) : undefined;
    };
    const broken = () =>
      request(app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"a');
    const authorization = await signIn(app);
    const afterLogin = await remaining(() =>
      request(app).get('/api/v1/users/me').set('Authorization', authorization),
    );
    expect({
      'after the login and one request': afterLogin,
      'after a broken body': await remaining(broken),
      'after another broken body': await remaining(broken),
      'on /health': await remaining(() => request(app).get('/health')),
    }).toEqual({
      'after the login and one request': 298,
      'after a broken body': 297,
      'after another broken body': 296,
      'on /health': undefined,
    });
  });
});

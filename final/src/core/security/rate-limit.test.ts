import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { AppError } from '../errors/app-error';
import { createLogger } from '../logging/logger';
import { generalRateLimit, loginRateLimit, memoryRateLimitStores } from './rate-limit';

// The two limiters as createApp configures them (express-rate-limit with its MemoryStore),
// in a small app whose error handler answers with the error's status: these tests pin the
// behaviour the API promises, whatever does the counting.
const limits = { windowMs: 60_000, max: 5, loginWindowMs: 60_000, loginMax: 3 };
const logger = createLogger({ level: 'silent' });

function appWith(options: { general?: boolean; login?: boolean } = {}) {
  const app = express();
  app.use(express.json());
  if (options.general ?? true) {
    app.use(generalRateLimit({ config: limits, store: memoryRateLimitStores('general'), logger }));
  }
  if (options.login) {
    app.use(loginRateLimit({ config: limits, store: memoryRateLimitStores('login'), logger }));
  }
  app.post('/login', (req, res) => {
    res.status(req.body.password === 'right' ? 200 : 401).end();
  });
  app.get('/ok', (_req, res) => {
    res.send('ok');
  });
  const handler: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(error instanceof AppError ? error.status : 500).end();
  };
  app.use(handler);
  return app;
}

describe('the rate limiters', () => {
  it('send the IETF RateLimit headers (draft 8) on every response', async () => {
    const res = await request(appWith()).get('/ok').expect(200);
    expect(res.headers['ratelimit-policy']).toMatch(/^"general"; q=5; w=60; pk=:[\w+/=]+:$/);
    expect(res.headers['ratelimit']).toBe('"general"; r=4; t=60');
  });

  it('list every policy a login passed through in the same headers', async () => {
    const res = await request(appWith({ login: true }))
      .post('/login')
      .send({ email: 'a@example.com', password: 'wrong' })
      .expect(401);
    expect(res.headers['ratelimit-policy']).toMatch(
      /^"general"; q=5; w=60; .*, "login"; q=3; w=60; /,
    );
    expect(res.headers['ratelimit']).toBe('"general"; r=4; t=60, "login"; r=2; t=60');
  });

  it('answer the request over the limit with 429 and Retry-After', async () => {
    const app = appWith();
    for (let i = 0; i < 5; i++) await request(app).get('/ok').expect(200);
    const res = await request(app).get('/ok').expect(429);
    expect(res.headers['ratelimit']).toBe('"general"; r=0; t=60');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('count only failed logins, per account and client', async () => {
    const app = appWith({ general: false, login: true });
    const login = (email: string, password: string) =>
      request(app).post('/login').send({ email, password });
    for (let i = 0; i < 5; i++) await login('a@example.com', 'right').expect(200);
    for (let i = 0; i < 3; i++) await login('a@example.com', 'wrong').expect(401);
    await login('A@Example.com ', 'right').expect(429);
    // Another account from the same client is not locked out.
    await login('b@example.com', 'wrong').expect(401);
  });

  it('count a burst of parallel failed logins before any of them is answered', async () => {
    const app = appWith({ general: false, login: true });
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(app)
          .post('/login')
          .send({ email: 'a@example.com', password: 'wrong' })
          .then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });
});

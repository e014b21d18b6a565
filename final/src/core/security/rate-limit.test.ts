import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { FixedWindows, rateLimit } from './rate-limit';

describe('FixedWindows', () => {
  it('counts hits per key until the window that began with the first hit ends', () => {
    let now = 1_000;
    const windows = new FixedWindows(60_000, () => now);
    expect(windows.hit('a')).toEqual({ hits: 1, resetAt: 61_000 });
    now = 30_000;
    expect(windows.hit('a')).toEqual({ hits: 2, resetAt: 61_000 });
    expect(windows.hit('b')).toEqual({ hits: 1, resetAt: 90_000 });
    now = 61_000;
    expect(windows.hit('a')).toEqual({ hits: 1, resetAt: 121_000 });
  });

  it('forgets expired keys at most once per window, without a timer', () => {
    let now = 0;
    const windows = new FixedWindows(1_000, () => now);
    for (const key of ['a', 'b', 'c']) windows.hit(key);
    expect(windows.size).toBe(3);
    now = 1_500;
    windows.hit('d');
    expect(windows.size).toBe(1);
  });

  it('gives a hit back only to the window it was taken from', () => {
    let now = 0;
    const windows = new FixedWindows(1_000, () => now);
    const first = windows.hit('a');
    windows.giveBack('a', first.resetAt);
    expect(windows.hit('a').hits).toBe(1);
    now = 1_000;
    windows.hit('a'); // a new window
    windows.giveBack('a', first.resetAt);
    expect(windows.hit('a').hits).toBe(2);
  });
});

describe('rateLimit', () => {
  function appWith(options: { limit: number; countSuccessful?: boolean; now?: () => number }) {
    const app = express();
    app.use(
      rateLimit({
        name: 'test',
        windowMs: 60_000,
        key: () => 'client',
        onLimited: (_req, res) => {
          res.status(429).end();
        },
        ...options,
      }),
    );
    app.get('/ok', (_req, res) => {
      res.send('ok');
    });
    app.get('/fail', (_req, res) => {
      res.status(401).send('no');
    });
    const handler: ErrorRequestHandler = (_error, _req, res, _next) => {
      res.status(500).end();
    };
    app.use(handler);
    return app;
  }

  it('sends the IETF RateLimit headers (draft 8) on every response', async () => {
    const now = 0;
    const app = appWith({ limit: 3, now: () => now });
    const res = await request(app).get('/ok').expect(200);
    expect(res.headers['ratelimit-policy']).toBe('"test";q=3;w=60');
    expect(res.headers['ratelimit']).toBe('"test";r=2;t=60');
  });

  it('lists every policy a request passed through in the same headers', async () => {
    const app = express();
    for (const name of ['general', 'login']) {
      app.use(
        rateLimit({
          name,
          windowMs: 60_000,
          limit: 5,
          key: () => 'client',
          now: () => 0,
          onLimited: (_req, res) => {
            res.status(429).end();
          },
        }),
      );
    }
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    const res = await request(app).get('/').expect(200);
    expect(res.headers['ratelimit-policy']).toBe('"general";q=5;w=60, "login";q=5;w=60');
    expect(res.headers['ratelimit']).toBe('"general";r=4;t=60, "login";r=4;t=60');
  });

  it('answers the request over the limit with onLimited and Retry-After', async () => {
    const app = appWith({ limit: 2 });
    await request(app).get('/ok').expect(200);
    await request(app).get('/ok').expect(200);
    const res = await request(app).get('/ok').expect(429);
    expect(res.headers['ratelimit']).toMatch(/^"test";r=0;t=\d+$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('counts only failures when successful responses give their hit back', async () => {
    const app = appWith({ limit: 2, countSuccessful: false });
    for (let i = 0; i < 5; i++) await request(app).get('/ok').expect(200);
    await request(app).get('/fail').expect(401);
    await request(app).get('/fail').expect(401);
    await request(app).get('/ok').expect(429);
  });

  it('counts a burst of parallel requests before any of them finishes', async () => {
    const app = appWith({ limit: 3, countSuccessful: false });
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(app)
          .get('/fail')
          .then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });
});

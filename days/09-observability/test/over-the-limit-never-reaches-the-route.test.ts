import express from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { generalRateLimit, memoryRateLimitStores } from '../src/core/security/rate-limit';
import { recordingLogger } from './helpers';

/**
 * A route with a side effect behind the general limiter, and the app's own error handler:
 * `orders` counts the times the route really ran.
 */
function shop(max: number) {
  const logger = recordingLogger();
  const orders: number[] = [];
  const app = express();
  app.use(
    generalRateLimit({
      config: { windowMs: 60_000, max, loginWindowMs: 60_000, loginMax: 10 },
      store: memoryRateLimitStores('general'),
      logger,
    }),
  );
  app.post('/orders', (_req, res) => {
    orders.push(orders.length + 1);
    res.status(201).json({ id: orders.length });
  });
  app.use(errorHandler(logger));
  return { app, orders, logger };
}

/** Sends `count` orders one after the other and returns their statuses. */
async function order(app: express.Express, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await request(app).post('/orders')).status);
  return statuses;
}

describe('a request over the limit never reaches its route', () => {
  it.each([2, 3])(
    'with a limit of %i, the requests over it are refused and the route runs exactly that many times',
    async (max) => {
      const { app, orders } = shop(max);
      const statuses = await order(app, max + 2);
      expect({ statuses, 'times the route ran': orders.length }).toEqual({
        statuses: [...Array(max).fill(201), 429, 429],
        'times the route ran': max,
      });
    },
  );

  it('refuses with a problem+json 429, like every other error, keeping RateLimit and Retry-After', async () => {
    const { app } = shop(1);
    await order(app, 1);
    const res = await request(app).post('/orders');
    expect({
      status: res.status,
      contentType: res.headers['content-type'],
      body: res.body,
      rateLimit: res.headers['ratelimit'],
      retryAfter: Number(res.headers['retry-after']),
    }).toEqual({
      status: 429,
      contentType: 'application/problem+json; charset=utf-8',
      body: {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too many requests, try again later',
        instance: '/orders',
      },
      rateLimit: '"general"; r=0; t=60',
      retryAfter: 60,
    });
  });

  it('answers once: nothing is logged about a response that had already started', async () => {
    const { app, logger } = shop(1);
    await order(app, 3);
    // The 429 itself is a security event (Day 9), at warn; no error follows it.
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

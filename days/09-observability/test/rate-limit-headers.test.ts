import express from 'express';
import request from 'supertest';
import { generalRateLimit, memoryRateLimitStores } from '../src/core/security/rate-limit';
import { recordingLogger } from './helpers';

const limits = { windowMs: 60_000, max: 5, loginWindowMs: 60_000, loginMax: 3 };

/** The general limiter as createApp builds it, in front of one route. */
function limitedApp(trustProxy: boolean | string) {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(
    generalRateLimit({
      config: limits,
      store: memoryRateLimitStores('general'),
      logger: recordingLogger(),
    }),
  );
  app.get('/ok', (_req, res) => {
    res.send('ok');
  });
  return app;
}

describe('the general rate limit', () => {
  it('sends the IETF RateLimit headers (draft 8) on every response it lets through', async () => {
    const res = await request(limitedApp(false)).get('/ok').expect(200);
    expect(res.headers['ratelimit-policy']).toMatch(/^"general"; q=5; w=60; pk=:[\w+/=]+:$/);
    expect(res.headers['ratelimit']).toBe('"general"; r=4; t=60');
  });

  it('counts per client address: X-Forwarded-For only counts behind a trusted proxy', async () => {
    const remaining = async (app: express.Express, forwardedFor: string) =>
      (await request(app).get('/ok').set('X-Forwarded-For', forwardedFor)).headers['ratelimit'];
    const untrusted = limitedApp(false);
    const trusted = limitedApp('loopback');
    expect([
      await remaining(untrusted, '198.51.100.1'),
      await remaining(untrusted, '198.51.100.2'),
      await remaining(trusted, '198.51.100.1'),
      await remaining(trusted, '198.51.100.2'),
    ]).toEqual([
      '"general"; r=4; t=60',
      '"general"; r=3; t=60',
      '"general"; r=4; t=60',
      '"general"; r=4; t=60',
    ]);
  });
});

import request from 'supertest';
import { bearer, createTestApp, type TestApp, signIn } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
});
afterAll(() => t.close());

const events = (name: string) => t.logs.filter((line) => line['event'] === name);

describe('security events', () => {
  it('logs a 403 from a route guard with the caller id, without the token', async () => {
    const user = await signIn(t);
    await request(t.app).get('/api/v1/users').set('Authorization', bearer(user)).expect(403);
    expect(events('forbidden')).toEqual([
      expect.objectContaining({
        userId: user.id,
        method: 'GET',
        path: '/api/v1/users',
        level: 'warn',
      }),
    ]);
    expect(JSON.stringify(t.logs)).not.toContain(user.accessToken);
  });

  it('logs a 403 from an ownership policy', async () => {
    const user = await signIn(t);
    const other = await signIn(t);
    await request(t.app)
      .get(`/api/v1/users/${other.id}`)
      .set('Authorization', bearer(user))
      .expect(403);
    expect(events('forbidden').at(-1)).toEqual(expect.objectContaining({ userId: user.id }));
  });

  it('logs a refused /metrics scrape once, as metrics_denied, not also as forbidden', async () => {
    const before = events('forbidden').length;
    await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
    expect(events('metrics_denied').at(-1)).toEqual(expect.objectContaining({ level: 'warn' }));
    expect(events('forbidden')).toHaveLength(before);
  });

  it('logs a 429 with the limiter that fired', async () => {
    const limited = await createTestApp({ env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1' } });
    await request(limited.app).get('/api/v1/products?q=x').expect(200);
    await request(limited.app).get('/api/v1/products?q=x').expect(429);
    expect(limited.logs.filter((line) => line['event'] === 'rate_limited')).toEqual([
      expect.objectContaining({ limiter: 'general', path: '/api/v1/products', ip: '127.0.0.1' }),
    ]);
    await limited.close();
  });
});

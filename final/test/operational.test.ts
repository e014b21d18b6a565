import request from 'supertest';
import { TestClock } from './helpers/test-clock';
import { createTestApp, type TestApp, expectProblem } from './helpers/test-app';

describe('GET /health', () => {
  it('answers its status, whole seconds of uptime from the injected clock, and the version', async () => {
    const clock = new TestClock();
    const t = await createTestApp({ clock, env: { APP_VERSION: '4.5.6-rc.1' } });
    const first = await request(t.app).get('/health').expect(200);
    expect(first.body).toEqual({ status: 'ok', uptimeSeconds: 0, version: '4.5.6-rc.1' });
    expect(first.headers['cache-control']).toBe('no-store');
    clock.advance(61_999);
    const later = await request(t.app).get('/health').expect(200);
    expect(later.body).toEqual({ status: 'ok', uptimeSeconds: 61, version: '4.5.6-rc.1' });
    await t.close();
  });
});

describe('GET /ready', () => {
  it('answers 200 while the database answers and the process is not stopping', async () => {
    const t = await createTestApp();
    await request(t.app).get('/ready').expect(200, { status: 'ready' });
    await t.close();
  });

  it('answers 503 once shutdown has begun, while /health stays 200', async () => {
    const t = await createTestApp();
    t.deps.lifecycle.beginShutdown();
    const res = await request(t.app).get('/ready');
    expectProblem(res, 503);
    await request(t.app).get('/health').expect(200);
    await t.close();
  });

  it('asks keep-alive clients to close their connection while shutting down', async () => {
    const t = await createTestApp();
    t.deps.lifecycle.beginShutdown();
    const res = await request(t.app).get('/health');
    expect(res.headers.connection).toBe('close');
    await t.close();
  });

  it('answers 503 when the database does not answer', async () => {
    const t = await createTestApp();
    t.db.close();
    expectProblem(await request(t.app).get('/ready'), 503);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with requests by route template and status, and a latency histogram', async () => {
    const t = await createTestApp();
    await request(t.app).get('/api/v1/products/12345');
    await request(t.app).get('/api/v1/products/67890');
    await request(t.app).get('/no/such/route');
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/v1/products/:id",status="404"} 2',
    );
    expect(res.text).toContain('route="unmatched"');
    expect(res.text).not.toContain('12345');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET"/);
    await t.close();
  });

  it('is refused (403) to requests forwarded by a proxy when no token is configured', async () => {
    const t = await createTestApp();
    const res = await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expectProblem(res, 403);
    await t.close();
  });

  it('requires the METRICS_TOKEN bearer when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const t = await createTestApp({ env: { METRICS_TOKEN: token } });
    const missing = await request(t.app).get('/metrics');
    expectProblem(missing, 401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expectProblem(
      await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-000000000'),
      401,
    );
    await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    await t.close();
  });
});

describe('GET /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the interactive page with local Swagger UI assets only', async () => {
    const res = await request(t.app).get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\//);
      await request(t.app).get(source!).expect(200);
    }
  });

  it('serves the OpenAPI 3.1 document as JSON', async () => {
    const res = await request(t.app).get('/docs/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\.1\./);
  });
});

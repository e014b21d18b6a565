import request from 'supertest';
import { createTestApp, expectProblem } from './helpers/test-app';

describe('GET /health', () => {
  const t = createTestApp();
  afterAll(() => t.close());

  it('answers 200 {"status":"ok"} and nothing else', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('GET /ready', () => {
  it('answers 200 while the database answers and the process is not stopping', async () => {
    const t = createTestApp();
    await request(t.app).get('/ready').expect(200, { status: 'ready' });
    t.close();
  });

  it('answers 503 once shutdown has begun, while /health stays 200', async () => {
    const t = createTestApp();
    t.deps.lifecycle.beginShutdown();
    const res = await request(t.app).get('/ready');
    expectProblem(res, 503);
    await request(t.app).get('/health').expect(200);
    t.close();
  });

  it('asks keep-alive clients to close their connection while shutting down', async () => {
    const t = createTestApp();
    t.deps.lifecycle.beginShutdown();
    const res = await request(t.app).get('/health');
    expect(res.headers.connection).toBe('close');
    t.close();
  });

  it('answers 503 when the database does not answer', async () => {
    const t = createTestApp();
    t.db.close();
    expectProblem(await request(t.app).get('/ready'), 503);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with requests by route template and status, and a latency histogram', async () => {
    const t = createTestApp();
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
    t.close();
  });

  it('is refused (403) to requests forwarded by a proxy when no token is configured', async () => {
    const t = createTestApp();
    const res = await request(t.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expectProblem(res, 403);
    t.close();
  });

  it('requires the METRICS_TOKEN bearer when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const t = createTestApp({ env: { METRICS_TOKEN: token } });
    const missing = await request(t.app).get('/metrics');
    expectProblem(missing, 401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expectProblem(
      await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-000000000'),
      401,
    );
    await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    t.close();
  });
});

describe('GET /docs', () => {
  const t = createTestApp();
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

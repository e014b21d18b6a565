import request from 'supertest';
import { recordingLogger, signIn, testApp, testConfig } from './helpers';

const TOKEN = 'prometheus-0123456789abcdef';

/** The sample lines of the request histogram's `_count` series, sorted. */
function counts(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
    .map((line) => line.replace('http_request_duration_seconds_count', ''))
    .sort();
}

describe('/metrics', () => {
  it('counts requests by method, route template and status, never by raw path', async () => {
    const app = await testApp();
    await request(app).get('/api/v1/products/1').expect(200);
    await request(app).get('/api/v1/products/2').expect(200);
    await request(app).get('/api/v1/users/1/posts').expect(200);
    await request(app).get('/api/v1/users/2/posts').expect(200);
    await request(app).get('/api/v1/users/%201/posts').expect(400);
    await request(app).get('/no/such/thing/17').expect(404);
    await request(app).delete('/health').expect(405);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(counts(res.text)).toEqual([
      '{method="DELETE",route="/health",status="405"} 1',
      '{method="GET",route="/api/v1/products/:id",status="200"} 2',
      '{method="GET",route="/api/v1/users/:userId/posts",status="200"} 2',
      '{method="GET",route="/api/v1/users/:userId/posts",status="400"} 1',
      '{method="GET",route="unmatched",status="404"} 1',
    ]);
    expect(res.text).toContain('http_request_duration_seconds_bucket{le="0.005"');
  });

  it('names the route of a request refused before its handler ran', async () => {
    const app = await testApp();
    const linus = await signIn(app);
    await request(app).get('/api/v1/users').set('Authorization', linus).expect(403);
    await request(app).get('/api/v1/users').expect(401);
    const res = await request(app).get('/metrics').expect(200);
    expect(counts(res.text).filter((line) => line.includes('/api/v1/users"'))).toEqual([
      '{method="GET",route="/api/v1/users",status="401"} 1',
      '{method="GET",route="/api/v1/users",status="403"} 1',
    ]);
  });

  it('without METRICS_TOKEN, answers direct loopback scrapers only', async () => {
    const app = await testApp();
    await request(app).get('/metrics').expect(200);
    const forwarded = await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect({ status: forwarded.status, type: forwarded.type }).toEqual({
      status: 403,
      type: 'application/problem+json',
    });
  });

  it('with METRICS_TOKEN, answers only a scraper that sends it as a Bearer token', async () => {
    const app = await testApp({
      config: { ...testConfig, metricsToken: TOKEN },
      logger: recordingLogger(),
    });
    const answers: Record<string, unknown> = {};
    for (const [label, auth] of [
      ['no token', undefined],
      ['another token', `Bearer ${TOKEN.replace('0', '1')}`],
      ['the token without Bearer', TOKEN],
      ['the token', `Bearer ${TOKEN}`],
    ] as const) {
      const req = request(app).get('/metrics');
      const res = await (auth === undefined ? req : req.set('Authorization', auth));
      answers[label] = [res.status, res.headers['www-authenticate'] ?? null];
    }
    expect(answers).toEqual({
      'no token': [401, 'Bearer'],
      'another token': [401, 'Bearer'],
      'the token without Bearer': [401, 'Bearer'],
      'the token': [200, null],
    });
  });
});

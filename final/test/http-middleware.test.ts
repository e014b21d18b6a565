import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { loadConfig } from '../src/config';
import { bearer, createTestApp, type TestApp, expectProblem, signIn } from './helpers/test-app';

/** The API's header set (OWASP REST Security cheat sheet), without HSTS. */
const API_HEADERS = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const HSTS = 'max-age=31536000; includeSubDomains';
const SECURITY_HEADER_NAMES = [
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
const securityOnly = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) => SECURITY_HEADER_NAMES.includes(name)),
  );

/** The headers helmet() itself sends, from a real Express app. */
async function helmetHeaders(options?: Parameters<typeof helmet>[0]) {
  const app = express();
  app.use(helmet(options));
  app.get('/', (_req, res) => res.end());
  return securityOnly((await request(app).get('/')).headers);
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends exactly the API set on JSON responses, successes and errors alike', async () => {
    const responses = [
      await request(t.app).get('/health').expect(200),
      await request(t.app).get('/api/v1/products').expect(200),
      await request(t.app).get('/api/v1/users/me').expect(401),
      await request(t.app).get('/nope').expect(404),
    ];
    for (const res of responses) expect(securityOnly(res.headers)).toEqual(API_HEADERS);
  });

  it('adds HSTS in production only', async () => {
    const production = await createTestApp({
      env: { NODE_ENV: 'production', BCRYPT_THREADS: '0', BCRYPT_COST: '10' },
    });
    try {
      const api = await request(production.app).get('/health').expect(200);
      expect(securityOnly(api.headers)).toEqual({
        ...API_HEADERS,
        'strict-transport-security': HSTS,
      });
      const docs = await request(production.app).get('/docs').expect(200);
      expect(securityOnly(docs.headers)).toEqual(await helmetHeaders());
      expect(docs.headers['strict-transport-security']).toBe(HSTS);
    } finally {
      await production.close();
    }
    const api = await request(t.app).get('/health');
    expect(api.headers['strict-transport-security']).toBeUndefined();
  });

  it("serves the /docs page and its assets under helmet's full set (its CSP), not the API's", async () => {
    const expected = await helmetHeaders({ strictTransportSecurity: false });
    expect(expected['content-security-policy']).toContain("script-src 'self'");
    for (const path of ['/docs', '/docs/init.js', '/docs/swagger-ui.css', '/docs/openapi.json']) {
      const res = await request(t.app).get(path).expect(200);
      expect(securityOnly(res.headers)).toEqual(expected);
    }
  });

  it('never sends X-Powered-By, not even on errors', async () => {
    const ok = await request(t.app).get('/health');
    const missing = await request(t.app).get('/nope');
    expect(ok.headers['x-powered-by']).toBeUndefined();
    expect(missing.headers['x-powered-by']).toBeUndefined();
  });
});

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => t.close());

  it('allows an origin from the allowlist', async () => {
    const res = await request(t.app)
      .get('/api/v1/products')
      .set('Origin', 'https://app.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('sends no CORS headers to an origin outside the allowlist', async () => {
    const res = await request(t.app).get('/api/v1/products').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from an allowed origin with the allowed methods and headers', async () => {
    const res = await request(t.app)
      .options('/api/v1/products')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });
});

describe('request id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => t.close());

  it('generates a request id when none is sent and echoes it', async () => {
    const res = await request(t.app).get('/health');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts and echoes a well-formed incoming X-Request-Id', async () => {
    const res = await request(t.app).get('/health').set('X-Request-Id', 'edge-1234.abc');
    expect(res.headers['x-request-id']).toBe('edge-1234.abc');
  });

  it('replaces a malformed incoming X-Request-Id', async () => {
    const res = await request(t.app).get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(res.headers['x-request-id']).not.toBe('bad id\twith spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in problem bodies', async () => {
    const res = await request(t.app).get('/missing').set('X-Request-Id', 'trace-42');
    expectProblem(res, 404);
    expect(res.body.requestId).toBe('trace-42');
  });

  it('keeps the probes out of the access log, but logs API requests', async () => {
    await request(t.app).get('/health').set('X-Request-Id', 'probe-1').expect(200);
    await request(t.app).get('/ready').set('X-Request-Id', 'probe-2').expect(200);
    await request(t.app).get('/api/v1/products').set('X-Request-Id', 'api-1').expect(200);
    const accessIds = t.logs.filter((l) => l['type'] === 'access').map((l) => l['requestId']);
    expect(accessIds).toContain('api-1');
    expect(accessIds).not.toContain('probe-1');
    expect(accessIds).not.toContain('probe-2');
  });

  it('writes a JSON access log line with the request id and without credentials', async () => {
    const user = await signIn(t);
    await request(t.app)
      .get('/api/v1/users/me?token=secret-in-query')
      .set('Authorization', bearer(user))
      .set('X-Request-Id', 'access-log-1')
      .expect(200);
    const line = t.logs.find((l) => l['type'] === 'access' && l['requestId'] === 'access-log-1');
    expect(line).toEqual(
      expect.objectContaining({ method: 'GET', path: '/api/v1/users/me', status: 200 }),
    );
    const text = JSON.stringify(line);
    expect(text).not.toContain(user.accessToken);
    expect(text).not.toContain('secret-in-query');
    expect(text).not.toMatch(/authorization/i);
  });

  it('carries the request id into application logs through AsyncLocalStorage', async () => {
    await request(t.app)
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'als-check')
      .send({ email: 'nobody@example.com', password: 'wrong password here' })
      .expect(401);
    const line = t.logs.find(
      (l) => l['event'] === 'login_failed' && l['requestId'] === 'als-check',
    );
    expect(line).toEqual(expect.objectContaining({ level: 'warn', email: 'nobody@example.com' }));
    expect(JSON.stringify(line)).not.toContain('wrong password here');
  });
});

describe('trust proxy', () => {
  it('is never true, whatever the configuration', async () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    expect(t.app.get('trust proxy')).toBe(1);
    await t.close();
    const untrusted = await createTestApp();
    expect(untrusted.app.get('trust proxy')).toBe(false);
    await untrusted.close();
  });

  it('ignores X-Forwarded-For by default, so clients cannot dodge rate limits', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_MAX: '2' } });
    for (const ip of ['1.1.1.1', '2.2.2.2']) {
      await request(t.app).get('/api/v1/products').set('X-Forwarded-For', ip).expect(200);
    }
    const res = await request(t.app).get('/api/v1/products').set('X-Forwarded-For', '3.3.3.3');
    expectProblem(res, 429);
    await t.close();
  });

  it('uses the forwarded client address when one proxy hop is trusted', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_MAX: '1', TRUST_PROXY: 'loopback' } });
    await request(t.app).get('/api/v1/products').set('X-Forwarded-For', '1.1.1.1').expect(200);
    await request(t.app).get('/api/v1/products').set('X-Forwarded-For', '2.2.2.2').expect(200);
    const again = await request(t.app).get('/api/v1/products').set('X-Forwarded-For', '1.1.1.1');
    expectProblem(again, 429);
    await t.close();
  });
});

describe('general rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_MAX: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once a client exceeds the limit', async () => {
    for (let i = 0; i < 3; i++) await request(t.app).get('/api/v1/products').expect(200);
    const res = await request(t.app).get('/api/v1/products');
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not limit the health probes', async () => {
    await request(t.app).get('/health').expect(200);
    await request(t.app).get('/ready').expect(200);
  });
});

describe('access log in the development format (ACCESS_LOG_FORMAT=dev)', () => {
  let t: TestApp;
  let app: express.Express;
  const lines = () => t.logs.flatMap((l) => (typeof l['text'] === 'string' ? [l['text']] : []));
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info', ACCESS_LOG_FORMAT: 'dev' } });
    app = t.app;
  });
  afterAll(() => t.close());

  it("writes morgan's own dev line (method, URL, status, time, size), not JSON", async () => {
    await request(app).get('/api/v1/products?page=2').expect(200);
    // morgan colours the status for a terminal: compare the text without the escapes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed.
    const plain = lines().map((l) => l.replace(/\x1b\[\d+m/g, ''));
    expect(plain).toContainEqual(
      expect.stringMatching(/^GET \/api\/v1\/products\?page=2 200 \d+\.\d{3} ms - \d+$/),
    );
    expect(t.logs.filter((l) => l['type'] === 'access')).toEqual([]);
  });

  it('keeps the probes out of it too', async () => {
    await request(app).get('/health').set('X-Request-Id', 'dev-probe-1').expect(200);
    expect(lines().some((l) => l.includes('/health'))).toBe(false);
  });
});

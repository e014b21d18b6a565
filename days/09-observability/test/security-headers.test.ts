import express from 'express';
import request from 'supertest';
import { apiSecurityHeaders } from '../src/core/security/headers';
import { testApp } from './helpers';

/** The API's header set (OWASP REST Security cheat sheet), without HSTS. */
const API_HEADERS = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
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

function appWith(hsts: boolean) {
  const app = express();
  app.use(apiSecurityHeaders({ hsts }));
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

describe('apiSecurityHeaders', () => {
  it('sends exactly the short set a JSON API needs, and none of the HTML-only headers', async () => {
    const res = await request(appWith(false)).get('/').expect(200);
    expect(securityOnly(res.headers)).toEqual(API_HEADERS);
  });

  it('adds HSTS only when asked (production)', async () => {
    const res = await request(appWith(true)).get('/').expect(200);
    expect(securityOnly(res.headers)).toEqual({
      ...API_HEADERS,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
  });
});

describe('the application', () => {
  it('never sends X-Powered-By, and takes `trust proxy` from the configuration only', async () => {
    const app = await testApp();
    const res = await request(app).get('/nope');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(app.get('trust proxy')).toBe(false);
  });
});

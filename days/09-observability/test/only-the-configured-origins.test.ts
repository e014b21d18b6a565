import express from 'express';
import request from 'supertest';
import { corsPolicy } from '../src/core/security/headers';

/** An API route behind the CORS policy, as createApp mounts it. */
function apiWith(origins: readonly string[]) {
  const app = express();
  app.use(corsPolicy(origins));
  app
    .route('/things')
    .get((_req, res) => {
      res.json([]);
    })
    .all((req, res) => {
      // The routes' own answer to a plain OPTIONS (not a CORS preflight).
      res.set('Allow', 'GET, HEAD, OPTIONS');
      res.status(req.method === 'OPTIONS' ? 204 : 405).end();
    });
  return app;
}

/** The CORS headers of an answer, and nothing else. */
function corsHeaders(res: request.Response): Record<string, string> {
  return Object.fromEntries(
    Object.entries(res.headers).filter(([name]) => name.startsWith('access-control-')),
  );
}

/** Two allowlists, so that no single list can be written into the policy. */
const ALLOWLISTS = [
  ['https://app.example.com', 'http://localhost:5173'],
  ['https://admin.example.org'],
].map((origins) => ({ origins, listed: origins.join(', ') }));

describe('only the configured origins may read the API from a browser', () => {
  it.each(ALLOWLISTS)(
    'echoes each listed origin, never with credentials (allowlist $listed)',
    async ({ origins }) => {
      const app = apiWith(origins);
      for (const origin of origins) {
        const res = await request(app).get('/things').set('Origin', origin).expect(200);
        expect({ origin, cors: corsHeaders(res), vary: res.headers['vary'] }).toEqual({
          origin,
          cors: {
            'access-control-allow-origin': origin,
            'access-control-expose-headers':
              'X-Request-Id,Location,Retry-After,RateLimit,RateLimit-Policy',
          },
          vary: 'Origin',
        });
      }
    },
  );

  it.each(ALLOWLISTS)(
    'gives any other origin no CORS header at all (allowlist $listed)',
    async ({ origins }) => {
      const app = apiWith(origins);
      const first = origins[0] ?? '';
      const others = [
        'https://evil.example',
        `${first}.evil.example`,
        first.replace(/^https?:/, (scheme) => (scheme === 'https:' ? 'http:' : 'https:')),
        'null',
      ];
      const answers: Record<string, Record<string, string>> = {};
      for (const origin of others) {
        answers[origin] = corsHeaders(await request(app).get('/things').set('Origin', origin));
      }
      expect(answers).toEqual(Object.fromEntries(others.map((origin) => [origin, {}])));
    },
  );

  it("answers a listed origin's preflight with the API's methods and headers only, for 10 minutes", async () => {
    const origin = 'https://admin.example.org';
    const res = await request(apiWith([origin]))
      .options('/things')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-debug');
    expect({ status: res.status, cors: corsHeaders(res) }).toEqual({
      status: 204,
      cors: {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET,HEAD,POST,PATCH,DELETE',
        'access-control-allow-headers': 'Authorization,Content-Type,X-Request-Id',
        'access-control-max-age': '600',
        'access-control-expose-headers':
          'X-Request-Id,Location,Retry-After,RateLimit,RateLimit-Policy',
      },
    });
  });

  it("gives another origin's preflight nothing, and leaves a plain OPTIONS to the routes", async () => {
    const app = apiWith(['https://app.example.com']);
    const refused = await request(app)
      .options('/things')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'DELETE');
    const plain = await request(app).options('/things');
    expect({
      refused: corsHeaders(refused),
      plain: { status: plain.status, allow: plain.headers['allow'] },
    }).toEqual({
      refused: {},
      plain: { status: 204, allow: 'GET, HEAD, OPTIONS' },
    });
  });
});

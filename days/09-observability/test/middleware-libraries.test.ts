// What the middleware libraries do by themselves, on the versions this repository pins
// (morgan 1.12, cors 2.8.6, helmet 8.3, express-rate-limit 8.7), as the lesson states it.
// Each test builds the smallest app that shows one fact: if an upgrade changes one, this file
// fails and the lesson needs a new sentence.
import cors from 'cors';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import morgan from 'morgan';
import request from 'supertest';

/** An app whose only route answers 'ok', behind `middleware`; `lines` gets what morgan writes. */
function appWith(...middleware: express.RequestHandler[]) {
  const app = express();
  app.use(...middleware);
  app.all('/', (_req, res) => {
    res.send('ok');
  });
  return app;
}

describe('morgan 1.12', () => {
  it('escapes the strings its tokens return, for a line of text', async () => {
    const lines: string[] = [];
    const log = morgan(':user-agent', { stream: { write: (line) => lines.push(line) } });
    await request(appWith(log)).get('/').set('User-Agent', 'say "hi" \\ bye').expect(200);
    expect(lines).toEqual(['say \\"hi\\" \\\\ bye\n']);
  });

  it('writes when the response is over, unless told `immediate`, which logs before any status exists', async () => {
    const lines: string[] = [];
    const stream = { write: (line: string) => lines.push(line.trim()) };
    const app = appWith(
      morgan('immediate :status', { immediate: true, stream }),
      morgan('over :status', { stream }),
    );
    await request(app).get('/').expect(200);
    expect(lines).toEqual(['immediate -', 'over 200']);
  });
});

describe('cors 2.8.6', () => {
  it('answers every OPTIONS itself (204) when it allows the origin, and hands on the rest when a function origin says no', async () => {
    const allowOnly = (allowed: string) =>
      cors({ origin: (origin, callback) => callback(null, origin === allowed) });
    const app = appWith(allowOnly('https://app.example'));
    // No Access-Control-Request-Method: not a preflight by the Fetch standard, answered anyway.
    const allowed = await request(app).options('/').set('Origin', 'https://app.example');
    const refused = await request(app).options('/').set('Origin', 'https://other.example');
    expect([allowed.status, allowed.headers['access-control-allow-origin']]).toEqual([
      204,
      'https://app.example',
    ]);
    expect([
      refused.text,
      refused.headers['access-control-allow-origin'],
      refused.headers['vary'],
    ]).toEqual(['ok', undefined, undefined]);
  });

  it('with no options allows every origin and reflects whatever headers a preflight asks for', async () => {
    const res = await request(appWith(cors()))
      .options('/')
      .set('Origin', 'https://anyone.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'x-debug-token');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-headers']).toBe('x-debug-token');
  });
});

describe('helmet 8.3', () => {
  it('sends HSTS and a CSP made for HTML pages by default', async () => {
    const res = await request(appWith(helmet())).get('/').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('express-rate-limit 8.7', () => {
  it('counts on arrival and sends the draft-8 RateLimit headers, the 429 with Retry-After', async () => {
    const limiter = rateLimit({
      windowMs: 60_000,
      limit: 2,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: 'demo',
    });
    const app = appWith(limiter);
    const first = await request(app).get('/').expect(200);
    await request(app).get('/').expect(200);
    const third = await request(app).get('/').expect(429);
    expect(first.headers['ratelimit']).toBe('"demo"; r=1; t=60');
    expect(first.headers['ratelimit-policy']).toMatch(/^"demo"; q=2; w=60; pk=:[\w+/=]+:$/);
    expect(third.headers['retry-after']).toBe('60');
  });
});

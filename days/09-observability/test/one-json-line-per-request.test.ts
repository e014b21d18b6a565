import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { accessLog } from '../src/core/logging/access-log';
import { recordingLogger } from './helpers';

/** Each line the access log wrote, parsed, or what made it unreadable as JSON. */
function parsed(lines: readonly string[]): unknown[] {
  return lines.map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      return `not a JSON object: ${line}`;
    }
  });
}

/** A small app: the JSON access log in front of a few routes that answer in different ways. */
function loggedApp(trustProxy: string | false = false) {
  const logger = recordingLogger();
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(accessLog('json', logger));
  app.get('/things/:id', (req, res) => {
    // The handler's own log line: the access line must come after it.
    logger.writeRaw(`handler ${req.params['id']}`);
    res.status(req.params['id'] === '404' ? 404 : 200).json({ id: req.params['id'] });
  });
  app.post('/things', (_req, res) => {
    res.status(201).send('made');
  });
  return { app, logger };
}

describe('one JSON line per request, written when it is over', () => {
  it('writes one JSON object per request with what happened, after the handler has answered', async () => {
    const { app, logger } = loggedApp();
    await request(app).get('/things/404?token=s3cret').set('User-Agent', 'probe/1.0').expect(404);
    await request(app)
      .post('/things?page=2')
      .set('Authorization', 'Bearer abc.def.ghi')
      .set('Cookie', 'session=xyz')
      .set('User-Agent', 'client/2.0')
      .expect(201);
    const common = {
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      msg: 'request',
      type: 'access',
      durationMs: expect.any(Number),
      ip: expect.stringMatching(/127\.0\.0\.1$/),
    };
    expect(parsed(logger.lines)).toEqual([
      'not a JSON object: handler 404',
      {
        ...common,
        method: 'GET',
        path: '/things/404',
        status: 404,
        contentLength: 12,
        userAgent: 'probe/1.0',
      },
      {
        ...common,
        method: 'POST',
        path: '/things',
        status: 201,
        contentLength: 4,
        userAgent: 'client/2.0',
      },
    ]);
  });

  it('never writes the query string, the Authorization header or a cookie', async () => {
    const { app, logger } = loggedApp();
    await request(app)
      .post('/things?api_key=k-123')
      .set('Authorization', 'Bearer abc.def.ghi')
      .set('Cookie', 'session=xyz')
      .expect(201);
    const text = logger.lines.join('\n');
    expect(['k-123', 'abc.def.ghi', 'session=xyz'].filter((s) => text.includes(s))).toEqual([]);
  });

  it('keeps what the client sent intact: a quote and a backslash in User-Agent come back as sent', async () => {
    const { app, logger } = loggedApp();
    const agent = 'tool "x" \\ v1';
    await request(app).post('/things').set('User-Agent', agent).expect(201);
    expect(parsed(logger.lines)).toEqual([expect.objectContaining({ userAgent: agent })]);
  });

  it("logs req.ip, the client's address as `trust proxy` says, not the socket's", async () => {
    const { app, logger } = loggedApp('loopback');
    await request(app).post('/things').set('X-Forwarded-For', '203.0.113.9').expect(201);
    expect(parsed(logger.lines)).toEqual([expect.objectContaining({ ip: '203.0.113.9' })]);
  });

  it('logs 499 for a request its client abandoned before the response was complete', async () => {
    const logger = recordingLogger();
    const app = express();
    app.use(accessLog('json', logger));
    app.get('/slow', (_req, res) => {
      // The status line and half the body go out; the rest never does.
      res.writeHead(200, { 'Content-Length': '10' });
      res.write('half');
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve) => {
        const req = http.get({ port, host: '127.0.0.1', path: '/slow' }, (res) => {
          res.once('data', () => req.destroy());
        });
        req.on('close', () => resolve());
        req.on('error', () => resolve());
      });
      // The server learns of the closed socket on its next turn of the event loop.
      for (let i = 0; i < 50 && logger.lines.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(parsed(logger.lines)).toEqual([
        expect.objectContaining({ method: 'GET', path: '/slow', status: 499 }),
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// How express.json() (body-parser 2.4, raw-body 3) reads the request stream, as the lesson's
// § 2 describes it. Each test builds the smallest app that shows one fact about the package,
// so an upgrade that changes it fails here, not in a learner's head.
import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';

/** An app that parses JSON up to `limit` bytes and answers with what the handler saw. */
function echoApp(limit = 1024, before: express.RequestHandler[] = []) {
  const app = express();
  app.post('/', ...before, express.json({ limit }), (req, res) => {
    res.json({ body: req.body === undefined ? 'undefined' : req.body });
  });
  const reportParserError: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(error.status).json({ status: error.status, type: error.type });
  };
  app.use(reportParserError);
  return app;
}

/** Listens on an ephemeral port for the duration of `use`. */
async function withServer<T>(app: express.Express, use: (port: number) => Promise<T>): Promise<T> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  try {
    return await use(address.port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('express.json()', () => {
  it('leaves req.body undefined when the Content-Type is not JSON', async () => {
    const res = await request(echoApp()).post('/').set('Content-Type', 'text/plain').send('hi');
    expect(res.body).toEqual({ body: 'undefined' });
  });

  it('parses an empty JSON body as {}', async () => {
    const res = await request(echoApp()).post('/').set('Content-Type', 'application/json').send('');
    expect(res.body).toEqual({ body: {} });
  });

  it('is strict: a top-level string is a 400 entity.parse.failed', async () => {
    const res = await request(echoApp())
      .post('/')
      .set('Content-Type', 'application/json')
      .send('"text"');
    expect(res.body).toEqual({ status: 400, type: 'entity.parse.failed' });
  });

  it('refuses a charset other than utf-* with 415 charset.unsupported', async () => {
    const res = await request(echoApp())
      .post('/')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"a":1}');
    expect(res.body).toEqual({ status: 415, type: 'charset.unsupported' });
  });

  it('counts the inflated bytes of a gzip body against the limit', async () => {
    const json = JSON.stringify({ padding: 'x'.repeat(10_000) });
    const gzipped = gzipSync(json);
    expect(gzipped.length).toBeLessThan(1024);
    // fetch, not supertest: superagent would serialize the Buffer as JSON.
    const answer = await withServer(echoApp(1024), async (port) => {
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body: gzipped,
      });
      return res.json();
    });
    expect(answer).toEqual({ status: 413, type: 'entity.too.large' });
  });

  it('is a no-op once the stream has been read: a second parser leaves req.body alone', async () => {
    const app = express();
    app.post(
      '/',
      express.json(),
      (req, _res, next) => {
        req.body.seenBy = 'the first parser';
        next();
      },
      express.json(),
      (req, res) => {
        res.json(req.body);
      },
    );
    const res = await request(app).post('/').send({ a: 1 });
    expect(res.body).toEqual({ a: 1, seenBy: 'the first parser' });
  });

  it('gets nothing when an earlier middleware read the body to its end', async () => {
    const readToEnd: express.RequestHandler = (req, _res, next) => {
      req.on('data', () => {});
      req.on('end', () => next());
    };
    const res = await request(echoApp(1024, [readToEnd]))
      .post('/')
      .send({ a: 1 });
    expect(res.body).toEqual({ body: 'undefined' });
  });

  it('still gets every byte when an earlier middleware only listens and calls next() at once', async () => {
    let counted = 0;
    const countBytes: express.RequestHandler = (req, _res, next) => {
      req.on('data', (chunk: Buffer) => {
        counted += chunk.length;
      });
      next();
    };
    const res = await request(echoApp(1024, [countBytes]))
      .post('/')
      .send({ a: 1 });
    expect(res.body).toEqual({ body: { a: 1 } });
    expect(counted).toBe(Buffer.byteLength('{"a":1}'));
  });
});

describe('a body the server does not want', () => {
  it('over the limit: the 413 decision comes from Content-Length, after the rest is read off', async () => {
    const seen: { status: number; bodyFullyReceived: boolean }[] = [];
    const app = express();
    app.post('/', express.json({ limit: 100 }), (_req, res) => {
      res.end();
    });
    const record: ErrorRequestHandler = (error, req, res, _next) => {
      seen.push({ status: error.status, bodyFullyReceived: req.complete });
      res.status(error.status).end();
    };
    app.use(record);
    const status = await withServer(app, (port) => {
      return new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        let response = '';
        socket.on('data', (chunk) => {
          response += chunk;
        });
        socket.on('end', () => resolve(response.slice(9, 12)));
        socket.on('error', reject);
        socket.write(
          'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
            'Content-Length: 1000\r\nConnection: close\r\n\r\n',
        );
        socket.write('x'.repeat(500));
        // The other half arrives later: the parser answers only once it has read it off.
        setTimeout(() => socket.write('x'.repeat(500)), 100);
      });
    });
    expect(status).toBe('413');
    expect(seen).toEqual([{ status: 413, bodyFullyReceived: true }]);
  });

  it('unread (not JSON): Node discards it after the response, and the connection serves the next request', async () => {
    const app = express();
    app.use(express.json());
    app.post('/', (_req, res) => {
      res.json({ read: false });
    });
    app.get('/', (_req, res) => {
      res.json({ ok: true });
    });
    const reused = await withServer(app, async (port) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const send = (method: string, body?: string) =>
        new Promise<boolean>((resolve, reject) => {
          const req = http.request(
            {
              port,
              host: '127.0.0.1',
              method,
              path: '/',
              agent,
              headers: { 'Content-Type': 'text/plain' },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(req.reusedSocket));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
      await send('POST', 'x'.repeat(256 * 1024));
      const second = await send('GET');
      agent.destroy();
      return second;
    });
    expect(reused).toBe(true);
  });
});

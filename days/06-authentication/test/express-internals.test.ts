// What Express does between Node's 'request' event and the socket, shown on the versions this
// repository pins (express 5.3, its router 2.3): the claims the lesson makes in section 2.
import express, { type RequestHandler } from 'express';
import request from 'supertest';

describe('Express internals the lesson describes', () => {
  it('res.json sets Content-Type with charset, Content-Length and a weak ETag, and answers 304 when the ETag matches', async () => {
    const app = express().get('/thing', (_req, res) => {
      res.json({ id: 7 });
    });
    const first = await request(app).get('/thing');
    expect({
      contentType: first.headers['content-type'],
      contentLength: first.headers['content-length'],
      etag: first.headers['etag'],
    }).toEqual({
      contentType: 'application/json; charset=utf-8',
      contentLength: String(Buffer.byteLength('{"id":7}')),
      etag: expect.stringMatching(/^W\/"/),
    });
    const again = await request(app)
      .get('/thing')
      .set('If-None-Match', String(first.headers['etag']));
    expect({ status: again.status, body: again.text }).toEqual({ status: 304, body: '' });
  });

  it('answers HEAD with the GET handler, without the body', async () => {
    const app = express().get('/thing', (_req, res) => {
      res.json({ id: 7 });
    });
    const res = await request(app).head('/thing');
    expect({ status: res.status, type: res.headers['content-type'], body: res.text }).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: undefined,
    });
  });

  it('continues on setImmediate after 100 synchronous next() calls, so a long stack cannot overflow', async () => {
    let inFirstSynchronousRun = false;
    let firstDeferred: number | undefined;
    const app = express();
    for (let n = 1; n <= 150; n++) {
      const step: RequestHandler = (_req, _res, next) => {
        if (n === 1) {
          inFirstSynchronousRun = true;
          // Runs once the current synchronous stretch has unwound, before any setImmediate.
          queueMicrotask(() => {
            inFirstSynchronousRun = false;
          });
        } else if (!inFirstSynchronousRun && firstDeferred === undefined) {
          firstDeferred = n;
        }
        next();
      };
      app.use(step);
    }
    app.use((_req, res) => {
      res.end();
    });
    await request(app).get('/');
    expect(firstDeferred).toBe(101);
  });
});

// The middleware contract of Express 5 (5.3, its router 2.3), as the lesson's § 1 states it.
// Each test builds the smallest app that shows one rule, so an upgrade that changes a rule
// fails here, not in a learner's head.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';

describe('the Express 5 middleware contract', () => {
  it('next() returns nothing to wait for: the code after it runs before the rest of the chain answers', async () => {
    const order: string[] = [];
    let returned: unknown = 'not called';
    const app = express();
    app.use((_req, _res, next) => {
      returned = next();
      order.push('after next()');
    });
    app.get('/', async (_req, res) => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('handler answers');
      res.send('ok');
    });
    await request(app).get('/').expect(200);
    expect({ returned, order }).toEqual({
      returned: undefined,
      order: ['after next()', 'handler answers'],
    });
  });

  it("next('route') skips the rest of this route, next('router') the rest of this router", async () => {
    const app = express();
    const admin = express.Router();
    admin.use((req, _res, next) => next(req.query['skip'] === 'router' ? 'router' : undefined));
    admin.get(
      '/',
      (req, _res, next) => next(req.query['skip'] === 'route' ? 'route' : undefined),
      (_req, res) => {
        res.send('first route');
      },
    );
    admin.get('/', (_req, res) => {
      res.send('second route');
    });
    app.use('/admin', admin);
    app.get('/admin', (_req, res) => {
      res.send('after the router');
    });
    const texts = await Promise.all(
      ['', '?skip=route', '?skip=router'].map(
        async (q) => (await request(app).get(`/admin${q}`)).text,
      ),
    );
    expect(texts).toEqual(['first route', 'second route', 'after the router']);
  });

  it('a middleware that answers and still calls next() runs the rest, which finds the headers sent', async () => {
    const seen: boolean[] = [];
    const app = express();
    app.use((_req, res, next) => {
      res.send('answered');
      next();
    });
    app.use((_req, res) => {
      seen.push(res.headersSent);
    });
    await request(app).get('/').expect(200, 'answered');
    expect(seen).toEqual([true]);
  });

  it('a rejected promise or a thrown error skips to the error middleware; next(error) too', async () => {
    const failing: Record<string, RequestHandler> = {
      throws: () => {
        throw new Error('thrown');
      },
      rejects: async () => {
        throw new Error('rejected');
      },
      passes: (_req, _res, next) => next(new Error('passed')),
    };
    const app = express();
    for (const [name, handler] of Object.entries(failing)) app.get(`/${name}`, handler);
    const toText: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(500).send(error.message);
    };
    app.use(toText);
    const texts = await Promise.all(
      Object.keys(failing).map(async (name) => (await request(app).get(`/${name}`)).text),
    );
    expect(texts).toEqual(['thrown', 'rejected', 'passed']);
  });

  it("nobody times out a request no layer answers: Node's requestTimeout only covers receiving it", async () => {
    const app = express();
    app.get('/forgotten', () => {
      // Takes none of the three ways out.
    });
    // Node checks requestTimeout every connectionsCheckingInterval: both made tiny here.
    const server = http.createServer({ requestTimeout: 50, connectionsCheckingInterval: 10 }, app);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      let answered = false;
      const req = http.get({ host: '127.0.0.1', port, path: '/forgotten' }, () => {
        answered = true;
      });
      req.on('error', () => {});
      // Four times the request timeout, long after the request was received.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect({ timeout: server.timeout, answered, socketOpen: !req.destroyed }).toEqual({
        timeout: 0,
        answered: false,
        socketOpen: true,
      });
      req.destroy();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

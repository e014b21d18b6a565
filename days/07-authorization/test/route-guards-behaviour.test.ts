// Executable notes on where a guard sits in Express 5 (5.3.0, with router 2.3.0): what a
// route's stack is made of, what a throwing guard skips, and what changes when a guard guards
// a whole router instead of a route. The lesson (§ 3) states these rules; an upgrade that
// changes one fails here instead of quietly making the lesson wrong.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';

/** A guard in its simplest form: no Authorization header, no entry (status 401). */
const needsToken: RequestHandler = (req, _res, next) => {
  if (req.get('authorization') === undefined) {
    throw Object.assign(new Error('a token is required'), { status: 401 });
  }
  next();
};

const ok: RequestHandler = (_req, res) => {
  res.json({ ok: true });
};

const notAllowed: RequestHandler = (_req, res) => {
  res.status(405).end();
};

/** Answers every error with its status, so a test sees which layer refused. */
const statusOf: ErrorRequestHandler = (error: { status?: number }, _req, res, _next) => {
  res.status(error.status ?? 500).end();
};

describe('where a guard sits (Express 5.3, router 2.3)', () => {
  it('keeps one layer per function in a route, in the order they were given', () => {
    const router = express.Router();
    router
      .route('/posts/:id')
      .patch(
        needsToken,
        function validateBody(_req, _res, next) {
          next();
        },
        function update(_req, res) {
          res.end();
        },
      )
      .all(notAllowed);
    // The router's stack has one layer for the route; the route has its own stack.
    const routeLayer: unknown = Reflect.get(router, 'stack')[0];
    const route = Reflect.get(routeLayer as object, 'route') as {
      stack: { method: string | undefined; name: string }[];
    };
    expect(route.stack.map((layer) => `${layer.method ?? 'all'} ${layer.name}`)).toEqual([
      'patch needsToken',
      'patch validateBody',
      'patch update',
      'all notAllowed',
    ]);
  });

  it('skips the rest of the route when a guard throws, synchronously or in a promise', async () => {
    const ran: string[] = [];
    const refuse: RequestHandler = () => {
      ran.push('sync guard');
      throw Object.assign(new Error('no'), { status: 403 });
    };
    const refuseLater: RequestHandler = async () => {
      ran.push('async guard');
      await Promise.resolve();
      throw Object.assign(new Error('no'), { status: 403 });
    };
    const validator: RequestHandler = (_req, _res, next) => {
      ran.push('validator');
      next();
    };
    const app = express();
    app.patch('/sync', refuse, validator, ok);
    app.patch('/async', refuseLater, validator, ok);
    app.use(statusOf);
    const statuses = [
      (await request(app).patch('/sync')).status,
      (await request(app).patch('/async')).status,
    ];
    expect({ statuses, ran }).toEqual({ statuses: [403, 403], ran: ['sync guard', 'async guard'] });
  });

  it('runs a guard mounted with router.use for every request, so unknown paths and methods become 401', async () => {
    const perRouter = express.Router();
    perRouter.use(needsToken);
    perRouter.route('/reports').get(ok).all(notAllowed);

    const perRoute = express.Router();
    perRoute.route('/reports').get(needsToken, ok).all(notAllowed);

    const app = express();
    app.use('/guarded-router', perRouter);
    app.use('/guarded-routes', perRoute);
    app.use(statusOf);
    const status = async (method: 'get' | 'put', path: string) =>
      (await request(app)[method](path)).status;
    expect({
      'router.use: unknown path': await status('get', '/guarded-router/no-such-page'),
      'router.use: wrong method': await status('put', '/guarded-router/reports'),
      'router.use: the route itself': await status('get', '/guarded-router/reports'),
      'per route: unknown path': await status('get', '/guarded-routes/no-such-page'),
      'per route: wrong method': await status('put', '/guarded-routes/reports'),
      'per route: the route itself': await status('get', '/guarded-routes/reports'),
    }).toEqual({
      'router.use: unknown path': 401,
      'router.use: wrong method': 401,
      'router.use: the route itself': 401,
      // Express's own 404 (finalhandler): the route guard never ran.
      'per route: unknown path': 404,
      'per route: wrong method': 405,
      'per route: the route itself': 401,
    });
  });
});

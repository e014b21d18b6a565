// Executable notes on the router inside Express 5 (the `router` package, 2.3.0 here): how it
// picks a layer, what mounting does to the request, and what it answers by itself. The lesson
// states these rules; each test builds a tiny app and shows one, so an upgrade that changes a
// rule fails here instead of quietly making the lesson wrong.
import express, { type RequestHandler } from 'express';
import request from 'supertest';

/** What router 2.3's listRoutes() returns for each layer. */
interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: unknown;
}

/** listRoutes() is new in router 2.3 and @types/express does not declare it yet: check it. */
function listRoutes(router: express.Router): ListedRoute[] {
  const candidate: object = router;
  if (!('listRoutes' in candidate) || typeof candidate.listRoutes !== 'function') {
    throw new Error('this router has no listRoutes(): router 2.3 or later is needed');
  }
  return candidate.listRoutes();
}

const echo: RequestHandler = (req, res) => {
  res.json({ method: req.method, params: req.params });
};

describe('the Express 5 router (router 2.3)', () => {
  it('skips a route whose method it lacks, and serves HEAD with the GET handler', async () => {
    const app = express();
    app.route('/things').get(echo);
    // No POST handler: the route layer is skipped, the stack runs out, finalhandler answers.
    const post = await request(app).post('/things');
    expect({ status: post.status, type: post.type }).toEqual({ status: 404, type: 'text/html' });
    // HEAD runs the GET handler; Node writes the headers and drops the body.
    const head = await request(app).head('/things');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.text).toBeUndefined();
  });

  it('answers OPTIONS by itself with the methods of the matching routes, unless one has .all()', async () => {
    const plain = express();
    plain.route('/things').get(echo);
    const auto = await request(plain).options('/things');
    expect({ status: auto.status, allow: auto.headers['allow'], text: auto.text }).toEqual({
      status: 200,
      allow: 'GET, HEAD',
      text: 'GET, HEAD',
    });

    // An .all() entry makes the route claim every method, OPTIONS included: it runs instead.
    const claimed = express();
    claimed
      .route('/things')
      .get(echo)
      .all((_req, _res, next) => next());
    const fallthrough = await request(claimed).options('/things');
    expect({ status: fallthrough.status, allow: fallthrough.headers['allow'] }).toEqual({
      status: 404,
      allow: undefined,
    });
  });

  it('moves the mount path from req.url to req.baseUrl at each level, and back', async () => {
    const seen: Record<string, unknown> = {};
    const record =
      (level: string): RequestHandler =>
      (req, _res, next) => {
        seen[level] = { baseUrl: req.baseUrl, url: req.url, path: req.path, params: req.params };
        next();
      };
    const app = express();
    const api = express.Router();
    const users = express.Router();
    const posts = express.Router({ mergeParams: true });
    app.use(record('app'));
    api.use(record('api'));
    users.use(record('users'));
    posts.use(record('posts'));
    posts.get('/', (_req, res) => {
      res.json({});
    });
    users.use('/:userId/posts', posts);
    api.use('/users', users);
    app.use('/api/v1', api);
    // Runs after the routers returned: each one restored what it changed.
    app.use((req, res) => {
      res.json({ baseUrl: req.baseUrl, url: req.url });
    });

    await request(app).get('/api/v1/users/1/posts?x=1').expect(200);
    expect(seen).toEqual({
      app: {
        baseUrl: '',
        url: '/api/v1/users/1/posts?x=1',
        path: '/api/v1/users/1/posts',
        params: {},
      },
      api: { baseUrl: '/api/v1', url: '/users/1/posts?x=1', path: '/users/1/posts', params: {} },
      users: { baseUrl: '/api/v1/users', url: '/1/posts?x=1', path: '/1/posts', params: {} },
      posts: { baseUrl: '/api/v1/users/1/posts', url: '/?x=1', path: '/', params: { userId: '1' } },
    });
    const after = await request(app).get('/api/v1/users/1/nothing');
    expect(after.body).toEqual({ baseUrl: '', url: '/api/v1/users/1/nothing' });
  });

  it('gives each router its own req.params; mergeParams reaches one level up', async () => {
    const build = (middleMerges: boolean) => {
      const inner = express.Router({ mergeParams: true });
      inner.get('/:c', echo);
      const middle = express.Router({ mergeParams: middleMerges });
      middle.use('/:b', inner);
      const app = express();
      app.use('/:a', middle);
      return app;
    };
    const params = async (app: express.Express) => (await request(app).get('/1/2/3')).body.params;
    expect(await params(build(true))).toEqual({ a: '1', b: '2', c: '3' });
    // The middle router does not merge: it never had `a`, so it cannot pass it on.
    expect(await params(build(false))).toEqual({ b: '2', c: '3' });
  });

  it('lists its routes in matching order with listRoutes(), .all() shown as *', () => {
    const router = express.Router();
    router.route('/:id').get(echo).all(echo);
    router.route('/search').get(echo);
    const nested = express.Router();
    router.use('/nested', nested);
    expect(listRoutes(router)).toEqual([
      { path: '/:id', methods: ['GET', '*', 'HEAD'], router: undefined },
      { path: '/search', methods: ['GET', 'HEAD'], router: undefined },
      { path: '/nested', methods: undefined, router: nested },
    ]);
  });

  it('lets the first of two identical routes win, and says nothing', async () => {
    const app = express();
    app.get('/dup', (_req, res) => {
      res.send('first');
    });
    app.get('/dup', (_req, res) => {
      res.send('second');
    });
    expect((await request(app).get('/dup')).text).toBe('first');
  });

  it('matches case-insensitively and ignores one trailing slash, per router', async () => {
    const app = express();
    // These settings configure the app's own router only; a Router() keeps its defaults.
    app.set('case sensitive routing', true);
    app.set('strict routing', true);
    const api = express.Router();
    api.get('/products', echo);
    app.use('/api', api);
    app.get('/Top', echo);
    const status = async (path: string) => (await request(app).get(path)).status;
    expect({
      '/api/PRODUCTS/': await status('/api/PRODUCTS/'),
      '/api/products//': await status('/api/products//'),
      '/Top': await status('/Top'),
      '/top': await status('/top'),
      '/Top/': await status('/Top/'),
    }).toEqual({
      '/api/PRODUCTS/': 200,
      '/api/products//': 404,
      '/Top': 200,
      '/top': 404,
      '/Top/': 404,
    });
  });

  it('turns a malformed escape in a param into a 400 before any handler runs', async () => {
    const handler = jest.fn(echo);
    const app = express();
    app.get('/files/:name', handler);
    const res = await request(app).get('/files/%E0');
    expect({ status: res.status, type: res.type }).toEqual({ status: 400, type: 'text/html' });
    expect(res.text).toContain('URIError: Failed to decode param');
    expect(handler).not.toHaveBeenCalled();
  });

  it('still accepts a RegExp path, whose named groups become req.params', async () => {
    const app = express();
    app.get(/^\/n\/(?<id>\d+)$/, echo);
    expect((await request(app).get('/n/42')).body.params).toEqual({ id: '42' });
    await request(app).get('/n/abc').expect(404);
  });
});

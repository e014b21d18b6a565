// What Express 5.3 (router 2.3) and Node's HTTP parser do by themselves with the values an
// observability layer reads, as the lesson states it (§ 1, § 2 and "Metrics"). These are facts
// about the libraries, not about this API: they pass on the starter.
import diagnosticsChannel from 'node:diagnostics_channel';
import express from 'express';
import request from 'supertest';

/** /api/v1/teams/:teamId/members/:id, built as nested routers the way the feature modules are. */
function nestedApp(record: (where: string, req: express.Request) => void) {
  const members = express.Router({ mergeParams: true });
  members.route('/:id').get((req, _res) => {
    record('in the handler', req);
    if (req.params['id'] === 'missing') throw new Error('not there');
    _res.json({ ok: true });
  });
  const teams = express.Router();
  teams.use('/:teamId/members', members);
  const api = express.Router();
  api.use('/teams', teams);
  const app = express();
  app.use((req, res, next) => {
    res.on('close', () => record("in 'close'", req));
    next();
  });
  app.use('/api/v1', api);
  app.use((_error: unknown, req: express.Request, res: express.Response, _next: unknown) => {
    record('in the error handler', req);
    res.status(500).end();
  });
  return app;
}

describe('what Express tells an observer about the route that matched', () => {
  it('joins the mount paths as matched (values, not patterns) in req.baseUrl and keeps the route’s own pattern in req.route.path', async () => {
    const seen: Record<string, { baseUrl: string; routePath: unknown }> = {};
    const app = nestedApp((where, req) => {
      seen[where] = { baseUrl: req.baseUrl, routePath: req.route?.path };
    });
    await request(app).get('/api/v1/teams/7/members/42').expect(200);
    expect(seen).toEqual({
      'in the handler': { baseUrl: '/api/v1/teams/7/members', routePath: '/:id' },
      "in 'close'": { baseUrl: '/api/v1/teams/7/members', routePath: '/:id' },
    });
  });

  it('empties req.baseUrl once an error has travelled back out of the routers, while req.route stays', async () => {
    const seen: Record<string, { baseUrl: string; routePath: unknown }> = {};
    const app = nestedApp((where, req) => {
      seen[where] = { baseUrl: req.baseUrl, routePath: req.route?.path };
    });
    await request(app).get('/api/v1/teams/7/members/missing').expect(500);
    expect(seen).toEqual({
      'in the handler': { baseUrl: '/api/v1/teams/7/members', routePath: '/:id' },
      'in the error handler': { baseUrl: '', routePath: '/:id' },
      "in 'close'": { baseUrl: '', routePath: '/:id' },
    });
  });

  it("publishes each layer's own pattern on the express.router.request tracing channel", async () => {
    const patterns: unknown[] = [];
    // A TracingChannel named N publishes its start events on the channel tracing:N:start.
    const start = 'tracing:express.router.request:start';
    const onStart = (context: unknown) => {
      patterns.push((context as { route?: unknown }).route);
    };
    diagnosticsChannel.subscribe(start, onStart);
    try {
      await request(nestedApp(() => {}))
        .get('/api/v1/teams/7/members/42')
        .expect(200);
    } finally {
      diagnosticsChannel.unsubscribe(start, onStart);
    }
    // The first middleware (mounted at '/'), then each router's mount, then the route.
    expect(patterns).toEqual(['/', '/api/v1', '/teams', '/:teamId/members', '/:id']);
  });
});

describe("what Node's HTTP parser hands over", () => {
  it('joins a header sent twice into one value, with ", "', async () => {
    const app = express();
    app.get('/', (req, res) => {
      res.json({ value: req.headers['x-request-id'] ?? null });
    });
    // An array reaches Node's setHeader: one header line per value (its types say string).
    const twice = ['edge-1', 'edge-2'] as unknown as string;
    const res = await request(app).get('/').set('X-Request-Id', twice);
    expect(res.body).toEqual({ value: 'edge-1, edge-2' });
  });
});

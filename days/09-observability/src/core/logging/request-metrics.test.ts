import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { CLIENT_CLOSED_REQUEST } from './access-log';
import { createMetrics } from './metrics';
import { requestMetrics } from './request-metrics';
import { routeTemplate } from './route-template';

function observedApp() {
  const metrics = createMetrics({ defaultMetrics: false });
  const app = express();
  app.use(requestMetrics(metrics));
  const items = express.Router();
  items
    .route('/:id')
    .all(routeTemplate)
    .get((_req, res) => {
      res.json({ ok: true });
    });
  app.use('/items', items);
  app
    .route('/slow')
    .all(routeTemplate)
    .get(() => {
      // Never answers: the client gives up first.
    });
  return { app, metrics };
}

const eventually = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
};

describe('requestMetrics', () => {
  it('counts each request once under its route template, never its raw path', async () => {
    const { app, metrics } = observedApp();
    await request(app).get('/items/1').expect(200);
    await request(app).get('/items/2').expect(200);
    await request(app).get('/nowhere').expect(404);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/items/:id",status="200"} 2',
    );
    expect(text).toContain('route="unmatched",status="404"} 1');
    expect(text).not.toContain('/items/1');
  });

  it('records a request whose client went away before the answer as 499', async () => {
    const { app, metrics } = observedApp();
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const req = http.get({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await eventually(async () =>
      (await metrics.registry.metrics()).includes(
        `route="/slow",status="${CLIENT_CLOSED_REQUEST}"} 1`,
      ),
    );
    server.close();
  });
});

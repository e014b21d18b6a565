import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import type { AccessLog } from './access-log';
import { createMetrics } from './metrics';
import { CLIENT_CLOSED_REQUEST, observeRequests } from './observe-requests';

function observedApp() {
  const metrics = createMetrics({ defaultMetrics: false });
  const logged: { path: string; status: number; durationMs: number }[] = [];
  const accessLog: AccessLog = (req, _res, durationMs, status) => {
    logged.push({ path: req.path, status, durationMs });
  };
  const app = express();
  app.use(observeRequests({ metrics, accessLog }));
  app.get('/ok', (_req, res) => {
    res.locals['route'] = '/ok';
    res.json({ ok: true });
  });
  app.get('/health', (_req, res) => {
    res.locals['route'] = '/health';
    res.json({ status: 'ok' });
  });
  app.get('/slow', (_req, res) => {
    res.locals['route'] = '/slow';
    // Never answers: the client gives up first.
  });
  return { app, metrics, logged };
}

const eventually = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('observeRequests', () => {
  it('records each request once in the metrics and the access log, with its status', async () => {
    const { app, metrics, logged } = observedApp();
    await request(app).get('/ok').expect(200);
    await eventually(() => logged.length === 1);
    expect(logged[0]).toEqual(expect.objectContaining({ path: '/ok', status: 200 }));
    expect(logged[0]?.durationMs).toBeGreaterThanOrEqual(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/ok",status="200"} 1',
    );
  });

  it('counts the operational endpoints but keeps them out of the access log', async () => {
    const { app, metrics, logged } = observedApp();
    await request(app).get('/health').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged).toEqual([]);
    expect(await metrics.registry.metrics()).toContain('route="/health",status="200"} 1');
  });

  it('records a request whose client went away before the answer as 499', async () => {
    const { app, metrics, logged } = observedApp();
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const req = http.get({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await eventually(() => logged.length === 1);
    expect(logged[0]).toEqual(
      expect.objectContaining({ path: '/slow', status: CLIENT_CLOSED_REQUEST }),
    );
    expect(await metrics.registry.metrics()).toContain('route="/slow",status="499"} 1');
    server.close();
  });
});

// Process-level: the real (Debian) nginx runs the SHIPPED final/nginx/nginx.conf in front of
// two built app instances on loopback, each with its own in-memory rate limits on one SQLite
// file. Only the addresses are rewritten (nginx-fixture.ts): every location, header and
// timeout is the shipped one. scale-out.test.ts runs three instances on PostgreSQL.
//
// Client addresses: Linux routes all of 127.0.0.0/8 to loopback, so each test connects from
// its own 127.0.0.x source address and plays a different client. nginx itself connects to the
// instances from 127.0.0.1, so an app that ignored X-Forwarded-For would see one client only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request, waitUntil } from './http-client';
import { NGINX_CANDIDATES, type RunningNginx, startNginx } from './nginx-fixture';
import {
  describeWithBinary,
  ensureBuilt,
  findBinary,
  killQuietly,
  removeTempDirs,
  serverEnv,
  type Started,
  startServer,
  tempDir,
} from './process-helpers';

afterAll(removeTempDirs);

// Ceilings for a server that never comes up, not expectations of speed: a loaded 2-core CI
// machine can take seconds to start a Node process.
jest.setTimeout(60_000);

/** The app's general per-client limit in this test (per instance: the store is in memory). */
const RATE_LIMIT_MAX = 8;

const nginxPath = findBinary(NGINX_CANDIDATES);

describeWithBinary(
  'nginx in front of two built instances (shipped nginx.conf)',
  { name: 'nginx', path: nginxPath, apt: 'nginx' },
  (nginxBin) => {
    let dir: string;
    let apps: Started[] = [];
    let nginx: RunningNginx | undefined;
    let base = '';

    beforeAll(async () => {
      ensureBuilt();
      dir = tempDir('final-nginx');
      // nginx workers run as an unprivileged user when the test runs as root.
      fs.chmodSync(dir, 0o755);
      const env = serverEnv({
        DB_PATH: path.join(dir, 'app.db'),
        TRUST_PROXY: '1',
        RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
        BCRYPT_COST: '10',
        BCRYPT_THREADS: '1',
      });
      // One after the other: the first one creates the schema.
      apps.push(await startServer(env));
      apps.push(await startServer(env));
      nginx = await startNginx(
        nginxBin,
        apps.map((app) => app.port),
        dir,
      );
      base = nginx.base;
    }, 120_000);

    afterAll(async () => {
      await nginx?.stop();
      for (const app of apps) await killQuietly(app);
      apps = [];
    });

    /** The access-log lines (JSON) both instances wrote to stdout. */
    function appLog(): Array<{ requestId?: string; ip?: string; path?: string; status?: number }> {
      return apps
        .flatMap((app) => app.output().split('\n'))
        .filter((line) => line.includes('"type":"access"'))
        .map(
          (line) =>
            JSON.parse(line) as { requestId?: string; ip?: string; path?: string; status?: number },
        );
    }

    const accessLog = () => nginx?.accessLog() ?? [];

    test('the shipped config passes `nginx -t`', async () => {
      const confPath = nginx!.confPath;
      const check = spawn(nginxBin, [
        '-t',
        '-e',
        'stderr',
        '-p',
        `${dir}/`,
        '-c',
        confPath,
        '-g',
        `pid ${dir}/t.pid;`,
      ]);
      let out = '';
      check.stderr.on('data', (c: Buffer) => {
        out += c.toString('utf8');
      });
      const code = await new Promise((resolve) => check.once('exit', resolve));
      expect(out).toMatch(/syntax is ok/);
      expect(code).toBe(0);
    });

    test('balances requests across both instances', async () => {
      for (let i = 0; i < 6; i++) {
        const res = await request(`${base}/health`, { localAddress: '127.0.0.10' });
        expect(res.status).toBe(200);
        expect(res.json()).toEqual(expect.objectContaining({ status: 'ok' }));
      }
      await waitUntil(
        async () => accessLog().filter((line) => line.remoteAddr === '127.0.0.10').length === 6,
        { what: 'nginx to log the six requests' },
      );
      const upstreams = new Set(
        accessLog()
          .filter((line) => line.remoteAddr === '127.0.0.10')
          .map((line) => line.upstream),
      );
      expect([...upstreams].sort()).toEqual(apps.map((app) => `127.0.0.1:${app.port}`).sort());
    });

    test('forwards a well-formed X-Request-Id and generates one when missing', async () => {
      const given = await request(`${base}/api/v1/products`, {
        localAddress: '127.0.0.11',
        headers: { 'x-request-id': 'ops-test-request-0001' },
      });
      expect(given.status).toBe(200);
      expect(given.headers['x-request-id']).toBe('ops-test-request-0001');
      // The app saw (and logged) the same id.
      await waitUntil(
        async () => appLog().some((line) => line.requestId === 'ops-test-request-0001'),
        {
          what: 'the app to log the forwarded request id',
        },
      );

      const generated = await request(`${base}/api/v1/products`, { localAddress: '127.0.0.11' });
      expect(generated.status).toBe(200);
      const id = generated.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      // The id in nginx's log is the one the app answered with: one id across both hops.
      // nginx writes its log line after the response went out.
      await waitUntil(async () => accessLog().some((line) => line.requestId === id), {
        what: `nginx to log request ${id}`,
      });
    });

    test('the app keys rate limits on the real client IP and ignores spoofed X-Forwarded-For', async () => {
      // One client (127.0.0.20) pretends to be someone new on every request.
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 2 * RATE_LIMIT_MAX + 2; i++) {
        const res = await request(`${base}/api/v1/products`, {
          localAddress: '127.0.0.20',
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = String(res.headers['retry-after']);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
      }
      // Each instance counts the client once per request: after RATE_LIMIT_MAX requests on each
      // of the two instances, the client is limited however it spoofs the header.
      expect(statuses.slice(0, 2 * RATE_LIMIT_MAX).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(2 * RATE_LIMIT_MAX)).toEqual([429, 429]);
      expect(retryAfter).toMatch(/^\d+$/);

      // The app's access log names the real client, never a spoofed address or the proxy.
      await waitUntil(async () => appLog().filter((line) => line.status === 429).length >= 2, {
        what: 'the app to log the limited requests',
      });
      const seen = appLog().filter(
        (line) => line.path === '/api/v1/products' && line.ip !== '127.0.0.11',
      );
      expect(new Set(seen.map((line) => line.ip))).toEqual(new Set(['127.0.0.20']));

      // Another client behind the same proxy is not affected: the app does not key on the
      // proxy's own address (127.0.0.1), which every request comes from.
      const other = await request(`${base}/api/v1/products`, { localAddress: '127.0.0.21' });
      expect(other.status).toBe(200);
    });

    test('rejects bodies over the proxy limit with problem+json before they reach the app', async () => {
      const huge = JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) });
      const res = await request(`${base}/api/v1/posts`, {
        method: 'POST',
        localAddress: '127.0.0.30',
        body: huge,
      });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
    });

    test('bodies under the proxy limit but over the app limit get the app’s own 413', async () => {
      const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(300 * 1024) });
      const res = await request(`${base}/api/v1/auth/login`, {
        method: 'POST',
        localAddress: '127.0.0.31',
        body: big,
      });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 413, requestId: res.headers['x-request-id'] });
    });

    test('does not expose /metrics to the public', async () => {
      const res = await request(`${base}/metrics`, { localAddress: '127.0.0.40' });
      expect(res.status).toBe(404);
      expect(res.text).not.toMatch(/http_request/);
    });

    test('keeps serving when one instance shuts down', async () => {
      const [first] = apps;
      first!.child.kill('SIGTERM');
      expect(await first!.exited).toEqual({ code: 0, signal: null });
      for (let i = 0; i < 4; i++) {
        const res = await request(`${base}/health`, { localAddress: '127.0.0.50' });
        expect(res.status).toBe(200);
      }
    });

    test('answers 502 as problem+json when no instance is left', async () => {
      const [, second] = apps;
      second!.child.kill('SIGTERM');
      expect(await second!.exited).toEqual({ code: 0, signal: null });
      const res = await request(`${base}/api/v1/products`, { localAddress: '127.0.0.51' });
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
    });
  },
);

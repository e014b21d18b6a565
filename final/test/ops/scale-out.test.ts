// Process-level scale-out: three instances of the BUILT server (node final/dist/server.js, as
// production runs it) on one real PostgreSQL database, behind the real nginx running the
// shipped nginx.conf. What only separate processes can show: they start at the same moment,
// share limits and refresh-token state through the database alone, and one of them can be
// stopped and started again under load while nginx keeps every client answered.
//
// Needs nginx and a PostgreSQL server (TEST_DATABASE_URL). CI has both (.ci/run) and fails
// without them; elsewhere the file skips, saying why.
import fs from 'node:fs';
import pg from 'pg';
import { createScratchDatabase, realServerUrl } from '../helpers/postgres-server';
import { request, type SimpleResponse, waitUntil } from './http-client';
import { NGINX_CANDIDATES, type RunningNginx, startNginx } from './nginx-fixture';
import {
  describeWithBinary,
  ensureBuilt,
  findBinary,
  freePort,
  killQuietly,
  type Started,
  serverEnv,
  startServer,
  tempDir,
} from './process-helpers';

jest.setTimeout(90_000);

const ADMIN = { email: 'scale-admin@example.com', password: 'scale admin password' };
const PASSWORD = 'correct horse battery staple';
const LOGIN_LIMIT = 3;

const nginxPath = findBinary(NGINX_CANDIDATES);
const serverUrl = realServerUrl();

type Outcome = { status: number } | { error: string };

if (serverUrl === undefined) {
  describe('three instances behind nginx on PostgreSQL', () => {
    it.skip('need a real PostgreSQL server: set TEST_DATABASE_URL (CI always does)', () => {});
  });
} else {
  describeWithBinary(
    'three built instances behind the shipped nginx on one PostgreSQL database',
    { name: 'nginx', path: nginxPath, apt: 'nginx' },
    (nginxBin) => {
      let dir: string;
      let database: { url: string; drop(): Promise<void> };
      let sql: pg.Client;
      let ports: number[] = [];
      const apps: Started[] = [];
      /** Every process ever started, for the logs and the clean-up (restarts add to it). */
      const everyProcess: Started[] = [];
      let nginx: RunningNginx | undefined;

      const env = (port: number) =>
        serverEnv({
          DATABASE_URL: database.url,
          DB_POOL_MAX: '5',
          PORT: String(port),
          TRUST_PROXY: '1',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT_MAX: String(LOGIN_LIMIT),
          // The load below comes from one address; the general limit is not what is tested.
          RATE_LIMIT_MAX: '1000000',
          BCRYPT_COST: '10',
          BCRYPT_THREADS: '1',
          // Long enough for nginx to see Connection: close on the draining instance's
          // connections, short enough for a quick test (production waits 5 s).
          SHUTDOWN_READINESS_DELAY_MS: '300',
        });
      const start = async (port: number): Promise<Started> => {
        const started = await startServer(env(port));
        everyProcess.push(started);
        return started;
      };
      const logLines = (started: Started) =>
        started
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);

      beforeAll(async () => {
        ensureBuilt();
        database = await createScratchDatabase(serverUrl);
        sql = new pg.Client({ connectionString: database.url });
        await sql.connect();
        dir = tempDir('final-scale-out');
        // nginx workers run as an unprivileged user when the test runs as root.
        fs.chmodSync(dir, 0o755);
        ports = [await freePort(), await freePort(), await freePort()];
        // All three at the same moment, as an orchestrator starts replicas.
        apps.push(...(await Promise.all(ports.map(start))));
        nginx = await startNginx(nginxBin, ports, dir);
      }, 120_000);

      afterAll(async () => {
        await nginx?.stop();
        for (const started of everyProcess) await killQuietly(started);
        await sql?.end();
        await database?.drop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      const base = () => nginx!.base;
      const post = (
        url: string,
        body: unknown,
        headers: Record<string, string> = {},
        from?: string,
      ) => request(url, { method: 'POST', body, headers, localAddress: from });
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      async function loginThroughNginx(email: string, password: string): Promise<string> {
        const res = await post(`${base()}/api/v1/auth/login`, { email, password });
        expect(res.status).toBe(200);
        return res.json<{ accessToken: string }>().accessToken;
      }

      test('starting together, they migrate the database once and create one admin', async () => {
        const ready = apps.map(
          (app) => logLines(app).find((line) => line['msg'] === 'database ready') ?? {},
        );
        const applied = ready.map((line) => (line['applied'] as unknown[] | undefined)?.length);
        // One instance applied the whole chain under the advisory lock; the others found it done.
        expect(applied.filter((n) => n !== 0)).toHaveLength(1);
        const created = apps.filter((app) =>
          logLines(app).some((line) => line['msg'] === 'created the admin account'),
        );
        expect(created).toHaveLength(1);
        const admins = await sql.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
        expect(admins.rows[0].n).toBe(1);
        for (const app of apps) {
          expect((await request(`${app.url}/ready`)).status).toBe(200);
        }
      });

      test('concurrent writes through nginx land exactly once, and every instance reads them', async () => {
        const token = await loginThroughNginx(ADMIN.email, ADMIN.password);
        const names = Array.from({ length: 24 }, (_, i) => `Scale lamp ${i + 1}`);
        const distinct = await Promise.all(
          names.map((name, i) =>
            post(
              `${base()}/api/v1/products`,
              { name, description: '', priceCents: 100 + i },
              bearer(token),
            ),
          ),
        );
        expect(distinct.map((res) => res.status)).toEqual(names.map(() => 201));
        const ids = distinct.map((res) => res.json<{ id: number }>().id);
        expect(new Set(ids).size).toBe(names.length);

        // The same new name six times at once: one instance wins, the others meet the unique
        // constraint and answer 409 as problem+json.
        const same = await Promise.all(
          Array.from({ length: 6 }, () =>
            post(
              `${base()}/api/v1/products`,
              { name: 'Scale lamp, only one', description: '', priceCents: 5 },
              bearer(token),
            ),
          ),
        );
        expect(same.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
        for (const res of same.filter((r) => r.status === 409)) {
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.text).not.toMatch(/duplicate key|products_name|SQL/i);
        }

        const rows = await sql.query<{ name: string; n: number }>(
          `SELECT name, count(*)::int AS n FROM products WHERE name LIKE 'Scale lamp%' GROUP BY name`,
        );
        expect(rows.rows).toHaveLength(names.length + 1);
        expect(rows.rows.every((row) => row.n === 1)).toBe(true);

        // nginx spread the writes over all three instances.
        const writers = new Set(
          nginx!
            .accessLog()
            .filter((line) => line.method === 'POST' && line.uri === '/api/v1/products')
            .map((line) => line.upstream),
        );
        expect([...writers].sort()).toEqual(apps.map((app) => `127.0.0.1:${app.port}`).sort());

        // Each instance's list cache sees writes made through the others.
        for (const app of apps) {
          const list = await request(`${app.url}/api/v1/products?q=scale%20lamp&limit=100`);
          expect(list.status).toBe(200);
          expect(list.json<{ data: unknown[] }>().data).toHaveLength(names.length + 1);
        }
      });

      test('a refresh token replayed against another instance is detected and ends the session', async () => {
        const email = 'replayed@example.com';
        const registered = await post(`${base()}/api/v1/auth/register`, {
          email,
          password: PASSWORD,
          name: 'Replayed',
        });
        expect(registered.status).toBe(201);
        const [a, b, c] = apps as [Started, Started, Started];
        type Pair = { accessToken: string; refreshToken: string };
        const first = await post(`${a.url}/api/v1/auth/login`, { email, password: PASSWORD });
        expect(first.status).toBe(200);
        const rotated = await post(`${a.url}/api/v1/auth/refresh`, {
          refreshToken: first.json<Pair>().refreshToken,
        });
        expect(rotated.status).toBe(200);

        // The stolen, already-rotated token, presented to another process.
        const replay = await post(`${b.url}/api/v1/auth/refresh`, {
          refreshToken: first.json<Pair>().refreshToken,
        });
        expect(replay.status).toBe(401);
        expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
        // The process that saw the replay reports it (its log reaches this test through a pipe).
        await waitUntil(
          async () => logLines(b).some((line) => line['event'] === 'refresh_token_reuse'),
          { what: 'the second instance to log refresh_token_reuse' },
        );
        // The family is revoked: the legitimate holder's newest token is dead on a third one.
        const afterwards = await post(`${c.url}/api/v1/auth/refresh`, {
          refreshToken: rotated.json<Pair>().refreshToken,
        });
        expect(afterwards.status).toBe(401);
      });

      test('the login limit holds across instances: one client, one count', async () => {
        const from = '127.0.0.60';
        const statuses: number[] = [];
        let limited: SimpleResponse | undefined;
        for (let i = 0; i <= LOGIN_LIMIT; i++) {
          const res = await post(
            `${base()}/api/v1/auth/login`,
            { email: 'victim@example.com', password: `guess number ${i}` },
            {},
            from,
          );
          statuses.push(res.status);
          if (res.status === 429) limited = res;
        }
        expect(statuses).toEqual([...Array.from({ length: LOGIN_LIMIT }, () => 401), 429]);
        expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
        expect(limited?.headers['content-type']).toMatch(/application\/problem\+json/);
        // The failures reached different instances: a per-process count would have let more
        // guesses through (LOGIN_LIMIT per instance). nginx logs a request after answering it.
        const upstreams = () =>
          new Set(
            nginx!
              .accessLog()
              .filter((line) => line.remoteAddr === from && line.status === 401)
              .map((line) => line.upstream),
          );
        await waitUntil(async () => upstreams().size > 1, {
          what: 'nginx to log failed logins answered by more than one instance',
        });
      });

      test('a rolling restart under load fails no request and loses no write', async () => {
        const email = 'writer@example.com';
        expect(
          (
            await post(`${base()}/api/v1/auth/register`, {
              email,
              password: PASSWORD,
              name: 'Writer',
            })
          ).status,
        ).toBe(201);
        const token = await loginThroughNginx(email, PASSWORD);

        const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        const outcomes: Outcome[] = [];
        const created: number[] = [];
        let loading = true;
        let n = 0;
        const client = async (): Promise<void> => {
          while (loading) {
            const i = n++;
            try {
              const res =
                i % 2 === 0
                  ? await post(
                      `${base()}/api/v1/posts`,
                      {
                        title: `load ${i}`,
                        body: 'written during a rolling restart',
                        status: 'published',
                      },
                      bearer(token),
                    )
                  : await request(`${base()}/api/v1/products?limit=5`);
              outcomes.push({ status: res.status });
              if (res.status === 201) created.push(res.json<{ id: number }>().id);
            } catch (error) {
              outcomes.push({ error: (error as Error).message });
            }
            // Steady traffic, not a flood: the machine also runs the rest of the suite.
            await pause(20);
          }
        };
        const clients = Array.from({ length: 4 }, client);

        // One instance at a time, as an operator rolls a deployment behind nginx: out of
        // nginx's rotation first (closing a listener resets connections the kernel had
        // accepted and the process had not, and nginx does not retry a POST it wrote on one);
        // SIGTERM; once the old process has closed its listener, its replacement starts on the
        // same port while the old one still drains; back into rotation; the next instance goes
        // only when nginx sends the replacement traffic again.
        const stopped: Started[] = [];
        for (let i = 0; i < apps.length; i++) {
          await pause(200);
          const old = apps[i]!;
          await nginx!.setDown([ports[i]!]);
          old.child.kill('SIGTERM');
          await waitUntil(async () => /closing the listener/.test(old.output()), {
            timeoutMs: 10_000,
            what: `instance ${i + 1} to close its listener`,
          });
          const replacement = await start(ports[i]!);
          apps[i] = replacement;
          stopped.push(old);
          await nginx!.setDown([]);
          await waitUntil(
            async () => logLines(replacement).some((line) => line['type'] === 'access'),
            { timeoutMs: 20_000, what: `nginx to send instance ${i + 1}'s replacement traffic` },
          );
        }
        await pause(250);
        loading = false;
        await Promise.all(clients);

        // Each old process drained and exited cleanly: it finishes once nginx has closed the
        // idle connections it kept (nginx's keepalive_timeout), never by cutting them.
        for (const old of stopped) {
          expect(await old.exited).toEqual({ code: 0, signal: null });
          expect(old.output()).toMatch(/shutdown complete/);
        }
        const failed = outcomes.filter((o) => !('status' in o) || o.status >= 400);
        expect(failed).toEqual([]);
        // It was load: requests kept coming during every restart.
        expect(outcomes.length).toBeGreaterThan(60);
        // Nothing acknowledged was lost, nothing unacknowledged was written.
        const stored = await sql.query<{ id: number }>(
          `SELECT id FROM posts WHERE title LIKE 'load %' ORDER BY id`,
        );
        expect(stored.rows.map((row) => row.id)).toEqual([...created].sort((x, y) => x - y));
      });
    },
  );
}

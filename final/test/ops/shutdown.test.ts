// Process-level: the BUILT server (node final/dist/server.js, as in production) is started
// on a free port with a temporary database file, then signalled while requests are in flight.
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  connectionRefused,
  request,
  type SimpleResponse,
  startSlowRequest,
  waitUntil,
} from './http-client';
import {
  ensureBuilt,
  killQuietly,
  removeTempDirs,
  runServerToExit,
  serverEnv,
  type Started,
  startServer,
  tempDir,
} from './process-helpers';

afterAll(removeTempDirs);

// Ceilings for a server that never comes up, not expectations of speed: a loaded 2-core CI
// machine can take seconds to start a Node process.
jest.setTimeout(60_000);

beforeAll(() => {
  ensureBuilt();
}, 120_000);

let server: Started | undefined;
afterEach(async () => {
  await killQuietly(server);
  server = undefined;
});

const PASSWORD = 'a long enough password';

function envFor(dbPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return serverEnv({
    DB_PATH: dbPath,
    // Production minimum: fast enough for a test, and the limits must not interfere.
    BCRYPT_COST: '10',
    BCRYPT_THREADS: '1',
    RATE_LIMIT_MAX: '100000',
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...extra,
  });
}

async function signUp(url: string, email: string): Promise<string> {
  const registered = await request(`${url}/api/v1/auth/register`, {
    method: 'POST',
    body: { email, password: PASSWORD, name: 'Ops Test' },
  });
  expect(registered.status).toBe(201);
  const login = await request(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: { email, password: PASSWORD },
  });
  expect(login.status).toBe(200);
  return login.json<{ accessToken: string }>().accessToken;
}

function post(url: string, token: string, n: number): Promise<SimpleResponse> {
  return request(`${url}/api/v1/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: { title: `post ${n}`, body: `body of post ${n}`, status: 'published' },
  });
}

/** The JSON log lines the server wrote with the given msg. */
function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['msg'] === msg);
}

function countRows(dbPath: string, table: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('graceful shutdown of the built server', () => {
  test('SIGTERM: in-flight requests finish with 2xx, new connections are refused, exit 0, nothing lost', async () => {
    const dbPath = path.join(tempDir('final-shutdown'), 'app.db');
    server = await startServer(envFor(dbPath));
    const { url, port } = server;
    const token = await signUp(url, 'drain@example.com');

    // A slow client: headers and half of the body are on the wire, the rest comes later.
    const slow = await startSlowRequest(
      `${url}/api/v1/posts`,
      'POST',
      { Authorization: `Bearer ${token}` },
      { title: 'slow post', body: 'sent in two halves', status: 'published' },
    );
    // A burst of writes; SIGTERM goes out as soon as the first one is answered, so the
    // others are in flight. A request the server had not read yet when it closed may be
    // refused or reset (the client then knows it was not processed), never answered with an
    // error status. Results are tagged rather than told apart with instanceof: errors from
    // Node's http module come from another realm than Jest's sandbox.
    type Outcome = { kind: 'response'; res: SimpleResponse } | { kind: 'error'; code: string };
    let firstAnswered!: () => void;
    const first = new Promise<void>((resolve) => {
      firstAnswered = resolve;
    });
    const burst = Array.from({ length: 30 }, (_, n) =>
      post(url, token, n).then(
        (res): Outcome => {
          firstAnswered();
          return { kind: 'response', res };
        },
        (error: NodeJS.ErrnoException): Outcome => ({ kind: 'error', code: String(error.code) }),
      ),
    );
    await first;
    server.child.kill('SIGTERM');

    await waitUntil(() => connectionRefused('127.0.0.1', port), {
      what: 'the listening socket to close after SIGTERM',
    });
    // Still draining: the slow request holds the process open until it completes.
    expect(server.child.exitCode).toBeNull();
    expect(await slow.finish()).toBe(201);

    const results = await Promise.all(burst);
    const answered = results.flatMap((r) => (r.kind === 'response' ? [r.res] : []));
    const failed = results.flatMap((r) => (r.kind === 'error' ? [r.code] : []));
    expect(answered.map((r) => r.status).filter((status) => status !== 201)).toStrictEqual([]);
    expect(failed.filter((c) => c !== 'ECONNREFUSED' && c !== 'ECONNRESET')).toStrictEqual([]);
    expect(answered.length).toBeGreaterThan(0);

    const { code, signal } = await server.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });

    // Durable: every acknowledged write is in the file, nothing more.
    expect(countRows(dbPath, 'posts')).toBe(answered.length + 1);

    // The stop lines belong to no request: the last request's context must not leak into them.
    const complete = logLines(server.output(), 'shutdown complete');
    expect(complete).toHaveLength(1);
    expect(complete[0]).not.toHaveProperty('requestId');
    expect(complete[0]).not.toHaveProperty('userId');
  });

  test('SHUTDOWN_READINESS_DELAY_MS: /ready turns 503 while requests are still served, then every accepted request is answered', async () => {
    const dbPath = path.join(tempDir('final-shutdown'), 'app.db');
    // Long enough for the checks below to run inside the window; nothing asserts its length.
    server = await startServer(envFor(dbPath, { SHUTDOWN_READINESS_DELAY_MS: '3000' }));
    const { url, port } = server;
    const token = await signUp(url, 'ready@example.com');
    expect((await request(`${url}/ready`)).status).toBe(200);

    // The burst is on the wire before the signal; the delay gives the server time to accept
    // every connection, so none of them may be refused or reset.
    let firstAnswered!: () => void;
    const first = new Promise<void>((resolve) => {
      firstAnswered = resolve;
    });
    const burst = Array.from({ length: 30 }, (_, n) =>
      post(url, token, n).then((res) => {
        firstAnswered();
        return res;
      }),
    );
    await first;
    server.child.kill('SIGTERM');

    await waitUntil(async () => (await request(`${url}/ready`)).status === 503, {
      what: '/ready to answer 503 after SIGTERM',
    });
    // Still listening and serving during the delay, and asking clients to reconnect elsewhere.
    const during = await post(url, token, 100);
    expect(during.status).toBe(201);
    expect(during.headers['connection']).toBe('close');
    expect((await request(`${url}/health`)).status).toBe(200);

    const results = await Promise.all(burst);
    expect(results.map((r) => r.status)).toStrictEqual(results.map(() => 201));

    await waitUntil(() => connectionRefused('127.0.0.1', port), {
      what: 'the listener to close after the readiness delay',
    });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(countRows(dbPath, 'posts')).toBe(results.length + 1);
  });

  test('a second signal exits at once, without waiting for in-flight requests', async () => {
    const dbPath = path.join(tempDir('final-shutdown'), 'app.db');
    // A deadline far beyond the test timeout: only the second signal can end the process in time.
    server = await startServer(envFor(dbPath, { SHUTDOWN_TIMEOUT_MS: '120000' }));
    const token = await signUp(server.url, 'twice@example.com');
    const slow = await startSlowRequest(
      `${server.url}/api/v1/posts`,
      'POST',
      { Authorization: `Bearer ${token}` },
      { title: 'never finished', body: 'the client stalls' },
    );

    server.child.kill('SIGTERM');
    const port = server.port;
    await waitUntil(() => connectionRefused('127.0.0.1', port), { what: 'draining to start' });
    expect(server.child.exitCode).toBeNull();

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code ?? exit.signal).not.toBeNull();
    await expect(slow.response).rejects.toThrow('without a response');
    slow.destroy();
  });

  test('the shutdown deadline forces the exit when a request never finishes', async () => {
    const dbPath = path.join(tempDir('final-shutdown'), 'app.db');
    server = await startServer(envFor(dbPath, { SHUTDOWN_TIMEOUT_MS: '500' }));
    const token = await signUp(server.url, 'deadline@example.com');
    const slow = await startSlowRequest(
      `${server.url}/api/v1/posts`,
      'POST',
      { Authorization: `Bearer ${token}` },
      { title: 'never finished', body: 'the client stalls' },
    );

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    // Forced: not a clean exit.
    expect(exit.code).not.toBe(0);
    await expect(slow.response).rejects.toThrow('without a response');
    slow.destroy();
  });
});

describe('start-up configuration errors', () => {
  test('NODE_ENV=production without JWT_SECRET exits non-zero before listening, with a short message', async () => {
    const dbPath = path.join(tempDir('final-config'), 'app.db');
    const { code, output, listened } = await runServerToExit(
      serverEnv({ DB_PATH: dbPath, JWT_SECRET: undefined }),
    );
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(listened).toBe(false);
    expect(output).toMatch(/JWT_SECRET/);
    // A readable message, not a stack trace.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/JWT_SECRET/)]);
  });
});

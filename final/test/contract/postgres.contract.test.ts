// The same contracts against a real PostgreSQL server, plus what only a server can show:
// several pools migrating at once, the start path through DATABASE_URL, timeouts, and an
// instance that loses its database and gets it back. CI starts PostgreSQL 15 in .ci/run and
// sets TEST_DATABASE_URL; elsewhere the file skips, saying so, and in CI a missing URL fails.
import net from 'node:net';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { DatabaseBusyError, DatabaseUnavailableError } from '../../src/core/db/errors';
import { type PostgresDatabase, openPostgres } from '../../src/core/db/postgres';
import { migratePostgres } from '../../src/core/db/postgres-migrate';
import { createLogger } from '../../src/core/logging/logger';
import { type Application, buildApplication, postgresRepositories } from '../../src/startup';
import {
  createScratchDatabase,
  openServerDatabase,
  realServerUrl,
  truncateAll,
} from '../helpers/postgres-engines';
import { TEST_SECRET } from '../helpers/test-app';
import { waitUntil } from '../ops/http-client';
import { apiContract } from './api-on-postgres';
import { repositoryContract } from './repository-contract';
import { instancesContract } from './instances-contract';

jest.setTimeout(60_000);

const serverUrl = realServerUrl();

if (serverUrl === undefined) {
  describe('a real PostgreSQL server', () => {
    it.skip('is not available: set TEST_DATABASE_URL to run these tests (CI always does)', () => {});
  });
} else {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function scratch(): Promise<string> {
    const database = await createScratchDatabase(serverUrl as string);
    cleanups.push(database.drop);
    return database.url;
  }
  async function application(url: string, env: Record<string, string> = {}): Promise<Application> {
    const config = loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: TEST_SECRET,
      DATABASE_URL: url,
      ...env,
    });
    const built = await buildApplication(config, { logger: createLogger({ level: 'silent' }) });
    cleanups.push(() => built.close());
    return built;
  }

  let shared: Promise<PostgresDatabase> | undefined;
  const sharedDb = () => {
    shared ??= scratch().then(async (url) => {
      const db = openServerDatabase(url);
      cleanups.push(() => db.close());
      await migratePostgres(db);
      return db;
    });
    return shared;
  };

  repositoryContract('PostgreSQL 15 (a real server)', () => ({
    async repositories(clock) {
      const db = await sharedDb();
      await truncateAll(db);
      return postgresRepositories(db, clock);
    },
  }));

  // DATABASE_URL through loadConfig and buildApplication: the path `npm start` takes.
  apiContract('PostgreSQL 15 (a real server, started from DATABASE_URL)', async () => {
    const built = await application(await scratch());
    return { app: built.app, repositories: built.repositories };
  });

  instancesContract('PostgreSQL 15 (a real server)', async () => {
    const url = await scratch();
    const db = openServerDatabase(url);
    cleanups.push(() => db.close());
    await migratePostgres(db);
    return { db, instance: async (env) => (await application(url, env)).app };
  });

  describe('a real PostgreSQL server', () => {
    it('migrate exactly once when three instances start at the same moment', async () => {
      const url = await scratch();
      const pools = [1, 2, 3].map(() => openServerDatabase(url, 2));
      try {
        const results = await Promise.all(pools.map((db) => migratePostgres(db)));
        const applied = results.map((result) => result.applied.length).sort();
        expect(applied).toEqual([0, 0, 8]);
      } finally {
        await Promise.all(pools.map((db) => db.close()));
      }
    });

    it('answer a statement past the statement timeout with DatabaseBusyError', async () => {
      const db = openPostgres(await scratch(), {
        max: 1,
        connectionTimeoutMs: 5000,
        statementTimeoutMs: 100,
      });
      cleanups.push(() => db.close());
      await expect(db.query('SELECT pg_sleep(2)')).rejects.toBeInstanceOf(DatabaseBusyError);
    });

    it('answer DatabaseUnavailableError when the pool has no connection within its timeout', async () => {
      const db = openPostgres(await scratch(), {
        max: 1,
        connectionTimeoutMs: 200,
        statementTimeoutMs: 10_000,
      });
      cleanups.push(() => db.close());
      // The timeout under test is the wait for a busy pool, not the connect: on a loaded machine
      // connecting can itself take longer than 200 ms, so open the pool's one connection first.
      await connectWithRetries(db);
      let release = () => {};
      let holding = () => {};
      const holdingConnection = new Promise<void>((resolve) => (holding = resolve));
      const held = db.transaction(() => {
        holding();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await holdingConnection;
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      release();
      await held;
    });

    it('answer 503 with Retry-After while the database is unreachable, and recover by itself', async () => {
      const target = new URL(await scratch());
      const proxy = await startProxy(Number(target.port || 5432), target.hostname);
      cleanups.push(() => proxy.stop());
      const viaProxy = new URL(target);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const built = await application(viaProxy.toString(), { DB_CONNECT_TIMEOUT_MS: '500' });
      // A 500 ms connect timeout is tight on a loaded machine: a first connect may miss it.
      await readyWithin(built.app);

      await proxy.stop();
      const notReady = await request(built.app).get('/ready');
      expect(notReady.status).toBe(503);
      const list = await request(built.app).get('/api/v1/products');
      expect(list.status).toBe(503);
      expect(list.headers['retry-after']).toBe('5');
      expect(JSON.stringify(list.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminated/);

      await proxy.start();
      // No restart: the pool opens a new connection on a following request.
      await readyWithin(built.app);
      await request(built.app).get('/api/v1/products').expect(200);
    });
  });
}

/** Waits until /ready answers 200: a first connect on a loaded machine may miss a short timeout. */
function readyWithin(app: Application['app']): Promise<void> {
  return waitUntil(async () => (await request(app).get('/ready')).status === 200, {
    timeoutMs: 15_000,
    what: '/ready to answer 200',
  });
}

/** Opens the pool's connection, trying again while the machine is too slow for a short connect timeout. */
function connectWithRetries(db: PostgresDatabase): Promise<void> {
  const opened = () =>
    db.query('SELECT 1').then(
      () => true,
      (error: unknown) => {
        if (error instanceof DatabaseUnavailableError) return false;
        throw error;
      },
    );
  return waitUntil(opened, { timeoutMs: 15_000, what: "the pool's first connection" });
}

/** A TCP proxy on a fixed port that can be stopped (dropping every connection) and restarted. */
async function startProxy(
  targetPort: number,
  targetHost: string,
): Promise<{ port: number; stop(): Promise<void>; start(): Promise<void> }> {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      const listening = server;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server === undefined || !server.listening) return resolve();
      server.close(() => resolve());
    });
  await start();
  return {
    get port() {
      return port;
    },
    stop,
    start,
  };
}

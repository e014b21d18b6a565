import type express from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { type AppDeps, createDeps } from '../../src/context';
import type { Clock } from '../../src/core/clock';
import { type Database, openDatabase } from '../../src/core/db/database';
import { migrate } from '../../src/core/db/migrate';
import { createLogger } from '../../src/core/logging/logger';
import type { Role } from '../../src/core/security/permissions';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';
export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  readonly app: express.Express;
  readonly deps: AppDeps;
  readonly db: Database;
  readonly config: Config;
  /** Every log line written, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): void;
}

/**
 * A fresh app on its own in-memory database. NODE_ENV=test gives bcrypt cost 4 and hashing
 * on the main thread; `env` overrides any setting, `customize` can swap dependencies.
 */
export function createTestApp(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    customize?: (deps: AppDeps) => AppDeps;
  } = {},
): TestApp {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    DB_PATH: ':memory:',
    ...options.env,
  });
  const db = openDatabase(':memory:');
  migrate(db);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: config.logLevel,
    sink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  let deps = createDeps({ config, db, logger, clock: options.clock });
  if (options.customize) deps = options.customize(deps);
  return { app: createApp(deps), deps, db, config, logs, close: () => db.close() };
}

export interface Session {
  readonly id: number;
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

let counter = 0;

/** Creates a user with `role` directly in the database, then logs in through the API. */
export async function signIn(
  t: TestApp,
  role: Role = 'user',
  name: string = role,
): Promise<Session> {
  counter += 1;
  const email = `${name}${counter}@example.com`;
  const passwordHash = await t.deps.passwords.hash(PASSWORD);
  const user = await t.deps.repositories.users.create(
    { email, name, passwordHash, role },
    { welcome: false },
  );
  const res = await request(t.app)
    .post('/api/v1/auth/login')
    .send({ email, password: PASSWORD })
    .expect(200);
  return {
    id: user.id,
    email,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

export function bearer(session: { accessToken: string }): string {
  return `Bearer ${session.accessToken}`;
}

/** Asserts the RFC 9457 shape every error response shares. */
export function expectProblem(res: request.Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

import type express from 'express';
import request from 'supertest';
import type { AppDeps } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import type { Clock } from '../../src/core/clock';
import type { Database } from '../../src/core/db/database';
import { isPostgres } from '../../src/core/db/ping';
import { createLogger } from '../../src/core/logging/logger';
import type { Role } from '../../src/core/security/permissions';
import { type Application, buildApplication } from '../../src/startup';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';
export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  readonly app: express.Express;
  readonly application: Application;
  readonly deps: AppDeps;
  readonly db: Database;
  readonly config: Config;
  /** Every log line written, parsed (access lines included when LOG_LEVEL allows them). */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A fresh application on its own in-memory database, built by the composition root exactly
 * as the process builds it. NODE_ENV=test gives bcrypt cost 4 and hashing on the main
 * thread; `env` overrides any setting, `overrides` any dependency createApp receives.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: Clock; overrides?: Partial<AppDeps> } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    DB_PATH: ':memory:',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: config.logLevel,
    sink: (line) => logs.push(line.startsWith('{') ? JSON.parse(line) : { text: line }),
  });
  const application = await buildApplication(config, {
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...options.overrides,
  });
  const db = application.deps.db;
  // These tests run on SQLite (the PostgreSQL repositories have their own contract suite).
  if (isPostgres(db)) throw new Error('createTestApp builds a SQLite application');
  return {
    app: application.app,
    application,
    deps: application.deps,
    db,
    config,
    logs,
    close: () => application.close(),
  };
}

export interface Session {
  readonly id: number;
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

let counter = 0;

/** Registers a user through the API, gives it `role` in the database, and logs in. */
export async function signIn(
  t: TestApp,
  role: Role = 'user',
  name: string = role,
): Promise<Session> {
  counter += 1;
  const email = `${name}${counter}@example.com`;
  const registered = await request(t.app)
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD, name })
    .expect(201);
  const user: { id: number } = registered.body;
  if (role !== 'user') await t.application.repositories.users.changeRole(user.id, role);
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

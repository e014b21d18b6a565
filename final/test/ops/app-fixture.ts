// An in-process app for the ops tests, built the way server.ts builds it (config from an env
// object, then the composition root), on an in-memory database.
import type express from 'express';
import type { AppDeps } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { buildApplication } from '../../src/startup';

export const ADMIN = { email: 'ops-admin@example.com', password: 'ops admin password 1' };

export interface OpsApp {
  readonly app: express.Express;
  readonly deps: AppDeps;
  readonly config: Config;
  close(): Promise<void>;
}

/** NODE_ENV=test (bcrypt cost 4, no logs) with ADMIN_* set; `env` overrides anything. */
export async function buildOpsApp(env: Record<string, string> = {}): Promise<OpsApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'ops-fixture-secret-0123456789abcdef0123456789',
    DB_PATH: ':memory:',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  const application = await buildApplication(config);
  return { app: application.app, deps: application.deps, config, close: () => application.close() };
}

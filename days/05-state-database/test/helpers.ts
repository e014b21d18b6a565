import type express from 'express';
import type { AppDeps } from '../src/app';
import type { Config } from '../src/config';
import type { Clock } from '../src/core/clock';
import { type Database, openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { seedDemoData } from '../src/core/db/seed';
import type { LogFields, Logger } from '../src/core/logging/logger';
import { buildApplication } from '../src/startup';

export const testConfig: Config = Object.freeze({
  nodeEnv: 'test',
  host: '127.0.0.1',
  port: 0,
  version: '1.2.3',
  bodyLimitBytes: 1024,
  dbPath: ':memory:',
});

/** A fresh in-memory database with the schema and the demo products: isolated per call. */
export function testDatabase(): Database {
  const db = openDatabase(':memory:');
  migrate(db);
  seedDemoData(db);
  return db;
}

/** A clock the test moves by hand, so time-based behaviour is exact and instant. */
export function manualClock(start = Date.UTC(2026, 1, 20)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A logger that keeps what it is given, for tests that check what the server logged. */
export function recordingLogger(): Logger & {
  entries: { message: string; details?: LogFields }[];
} {
  const entries: { message: string; details?: LogFields }[] = [];
  return { entries, error: (message, details) => entries.push({ message, details }) };
}

/**
 * The app as the process builds it (startup.ts), with the test config, a manual clock, a
 * logger that records instead of printing, and its own seeded in-memory database.
 */
export async function testApp(overrides: Partial<AppDeps> = {}): Promise<express.Express> {
  const application = await buildApplication(testConfig, {
    clock: manualClock(),
    logger: recordingLogger(),
    db: testDatabase(),
    ...overrides,
  });
  return application.app;
}

import type { Config } from '../src/config';
import type { AppDeps, Clock, Logger } from '../src/context';
import { type Database, openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { seedDemoData } from '../src/core/db/seed';

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
  entries: { message: string; details?: Record<string, unknown> }[];
} {
  const entries: { message: string; details?: Record<string, unknown> }[] = [];
  return { entries, error: (message, details) => entries.push({ message, details }) };
}

export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    config: testConfig,
    clock: manualClock(),
    logger: recordingLogger(),
    db: overrides.db ?? testDatabase(),
    ...overrides,
  };
}

import type express from 'express';
import type { AppDeps } from '../src/app';
import type { Config } from '../src/config';
import type { Clock } from '../src/core/clock';
import type { LogFields, Logger } from '../src/core/logging/logger';
import { buildApplication } from '../src/startup';

export const testConfig: Config = Object.freeze({
  nodeEnv: 'test',
  host: '127.0.0.1',
  port: 0,
  version: '1.2.3',
  bodyLimitBytes: 1024,
});

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
 * The app as the process builds it (startup.ts), with the test config, a manual clock and a
 * logger that records instead of printing.
 */
export async function testApp(overrides: Partial<AppDeps> = {}): Promise<express.Express> {
  const application = await buildApplication(testConfig, {
    clock: manualClock(),
    logger: recordingLogger(),
    ...overrides,
  });
  return application.app;
}

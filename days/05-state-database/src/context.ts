// What the application needs from the outside world. createApp receives it; nothing inside
// the app reaches for globals (process.env, Date.now) directly, so tests can swap any of it.
import type { Config } from './config';
import type { Database } from './core/db/database';

export interface Clock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Where the app reports what clients must not see (a 500's cause and stack). `console` fits;
 * Day 9 replaces it with a structured JSON logger of the same shape.
 */
export interface Logger {
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * Everything createApp needs, built once by server.ts (or per test). Config is immutable data;
 * the database is the one place mutable state lives, shared by every request through this
 * object instead of through module-level globals.
 */
export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** One open connection with migrations applied; server.ts opens and closes it. */
  readonly db: Database;
}

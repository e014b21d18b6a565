// What the application needs from the outside world. createApp receives it; nothing inside
// the app reaches for globals (process.env, Date.now) directly, so tests can swap any of it.
import type { Config } from './config';

export interface Clock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AppDeps {
  readonly config: Config;
  readonly clock: Clock;
}
